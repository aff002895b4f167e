package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/ledger"
)

// Recorder appends notices to the ledger; *ledger.Writer is one.
type Recorder interface {
	Append(ledger.Notice) error
}

// Outcome is what a run did with each notice.
type Outcome struct {
	// Sent and Refused are the ids recorded as sent (or written, or
	// recorded by hand) and as refused.
	Sent, Refused []string
	// Refusals says why each refused id was refused.
	Refusals map[string]string
	// NotSent are the ids still due when the run stopped, and Stopped
	// why it stopped; Left are those --max left for the next run.
	NotSent, Left []string
	Stopped       error
}

// Run hands each notice's mail to sender, in order, and records it in rec
// (nil: recorded nowhere, as --test-to wants) the moment the sender is
// done with it. A refusal is recorded and the run goes on; any other
// failure, or ctx ending, stops it. At most max mails go out (0: all).
func Run(ctx context.Context, site *content.Site, today content.Date, notices []Notice, sender Sender, rec Recorder, max int) Outcome {
	out := Outcome{Refusals: map[string]string{}}
	for i, n := range notices {
		id := n.Key.ID
		if max > 0 && len(out.Sent) >= max {
			out.Left = ids(notices[i:])
			break
		}
		if err := ctx.Err(); err != nil {
			out.Stopped, out.NotSent = errors.New("stopped by a signal"), ids(notices[i:])
			break
		}
		m, err := Compose(site, n)
		if err == nil {
			err = sender.Send(ctx, id, m)
		}
		channel := sender.Channel()
		var refusal *Refusal
		switch {
		case errors.As(err, &refusal):
			channel = ledger.Refused
			out.Refusals[id] = refusal.Error()
		case errors.Is(err, context.Canceled):
			out.Stopped, out.NotSent = errors.New("stopped by a signal"), ids(notices[i:])
			return out
		case err != nil:
			out.Stopped, out.NotSent = fmt.Errorf("%s: %w", id, err), ids(notices[i:])
			return out
		}
		if rec != nil {
			line := ledger.Notice{Date: today.String(), Key: n.Key, Channel: channel}
			if err := rec.Append(line); err != nil {
				// Out, but not recorded: the next run would send it again
				// unless the team adds the line by hand.
				out.Stopped = fmt.Errorf("%s: the mail went out, but %s could not be written (%v): add this line to it by hand before the next run, or the candidate gets the mail twice:\n%s", id, ledger.File, err, lineOf(line))
				out.NotSent = ids(notices[i+1:])
				return out
			}
		}
		if channel == ledger.Refused {
			out.Refused = append(out.Refused, id)
		} else {
			out.Sent = append(out.Sent, id)
		}
	}
	return out
}

// Record records every notice as told by hand (--record), sending nothing.
func Record(today content.Date, notices []Notice, rec Recorder) ([]string, error) {
	var done []string
	for _, n := range notices {
		if err := rec.Append(ledger.Notice{Date: today.String(), Key: n.Key, Channel: ledger.Manual}); err != nil {
			return done, err
		}
		done = append(done, n.Key.ID)
	}
	return done, nil
}

func ids(ns []Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Key.ID)
	}
	return out
}

func lineOf(n ledger.Notice) string {
	k := n.Key
	return strings.Join([]string{n.Date, k.ID, k.Status, k.PathID, k.LastStage, k.DecisionBy, n.Channel}, ",")
}
