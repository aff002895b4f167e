//go:build candor_noguardrails

package content

// guarding is off in this build: make bench measures what the
// guardrail rules cost by comparing it with a build that has them.
const guarding = false
