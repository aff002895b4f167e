//go:build !candor_noguardrails

package content

// guarding is whether files are checked against the guardrail rules:
// always, but in the build make bench compares with to measure what the
// rules cost (-tags candor_noguardrails).
const guarding = true
