package ledger

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const pathA = "abcdefghijklmnopqrstuvwxyz"

func TestParse(t *testing.T) {
	data := Header + "\n" +
		"2026-03-04,ada,advancing," + pathA + ",2026-03-02,,smtp\n" +
		"2026-03-05,ada,on-hold," + pathA + ",2026-03-02,2026-03-20,refused\n"
	l, errs := Parse(File, []byte(data))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	k := Key{ID: "ada", Status: "on-hold", PathID: pathA, LastStage: "2026-03-02", DecisionBy: "2026-03-20"}
	if n, ok := l.Last(k); !ok || n.Channel != Refused || n.Line != 3 {
		t.Errorf("Last(%v) = %+v, %v", k, n, ok)
	}
	if n, ok := l.LastTold("ada"); !ok || n.Date != "2026-03-04" {
		t.Errorf("LastTold = %+v, %v: a refused notice told no one", n, ok)
	}
	if _, ok := l.LastTold("bo"); ok {
		t.Error("bo was never told")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"date,id\n", "notices.csv:1: the ledger must start with the line " + Header},
		{Header + "\n2026-03-04,ada,advancing," + pathA + ",2026-03-02,,smtp,extra\n", "notices.csv:2: a ledger line has seven values"},
		{Header + "\n2026-3-4,ada,advancing," + pathA + ",2026-03-02,,smtp\n", "notices.csv:2: date must be a day"},
		{Header + "\n2026-03-04,Ada Moreno,advancing," + pathA + ",2026-03-02,,smtp\n", "notices.csv:2: id must be"},
		{Header + "\n2026-03-04,ada,hired," + pathA + ",2026-03-02,,smtp\n", "notices.csv:2: status must be one of"},
		{Header + "\n2026-03-04,ada,advancing,f/abc,2026-03-02,,smtp\n", "notices.csv:2: path_id must be"},
		{Header + "\n2026-03-04,ada,advancing," + pathA + ",2026-02-30,,smtp\n", "notices.csv:2: last_stage must be a day"},
		{Header + "\n2026-03-04,ada,advancing," + pathA + ",2026-03-02,soon,smtp\n", "notices.csv:2: decision_by must be empty or a day"},
		{Header + "\n2026-03-04,ada,advancing," + pathA + ",2026-03-02,,fax\n", "notices.csv:2: channel must be one of"},
		{Header + "\n\n2026-03-04,\"ada,advancing\n", "notices.csv:3: this line is not a ledger line"},
	} {
		_, errs := Parse(File, []byte(tc.data))
		if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tc.want) {
			t.Errorf("%q: %v, want %s...", tc.data, errs, tc.want)
		}
	}
}

// TestAppend writes the header to a new ledger, ends a hand-edited last
// line before appending to it, and reads back what it wrote.
func TestAppend(t *testing.T) {
	dir := t.TempDir()
	n := Notice{Date: "2026-03-04", Key: Key{ID: "ada", Status: "offer", PathID: pathA, LastStage: "2026-03-02"}, Channel: SMTP}
	w, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Append(n); err != nil {
		t.Fatal(err)
	}
	w.Close()
	p := filepath.Join(dir, File)
	data, _ := os.ReadFile(p)
	want := Header + "\n2026-03-04,ada,offer," + pathA + ",2026-03-02,,smtp\n"
	if string(data) != want {
		t.Fatalf("ledger:\n%s\nwant:\n%s", data, want)
	}
	os.WriteFile(p, []byte(strings.TrimSuffix(want, "\n")), 0o644) // saved by an editor without a last line break
	w, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	n.Key.ID = "bo"
	w.Append(n)
	w.Close()
	l, errs := Read(dir)
	if len(errs) > 0 || len(l.Notices) != 2 || l.Notices[1].Key.ID != "bo" {
		t.Fatalf("read back %+v, %v", l, errs)
	}
}

func TestReadMissing(t *testing.T) {
	l, errs := Read(t.TempDir())
	if len(errs) > 0 || len(l.Notices) != 0 {
		t.Fatalf("%v %v", l, errs)
	}
}

// ledgerOf makes a ledger of candidates c0, c1, ... told the given number
// of days after a stage on the given day.
func ledgerOf(t *testing.T, stage string, days ...int) *Ledger {
	var b strings.Builder
	b.WriteString(Header + "\n")
	for i, d := range days {
		day := mustDay(t, stage, d)
		fmt.Fprintf(&b, "%s,c%d,advancing,%s,%s,,smtp\n", day, i, pathA, stage)
	}
	l, errs := Parse(File, []byte(b.String()))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return l
}

func mustDay(t *testing.T, day string, plus int) string {
	t.Helper()
	var y, m, d int
	if _, err := fmt.Sscanf(day, "%d-%d-%d", &y, &m, &d); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d+plus)
}

func TestRecord(t *testing.T) {
	l := ledgerOf(t, "2026-05-01", 1, 2, 2, 3, 5, 6, 9, 1, 2, 4)
	p, ok := l.Record(nil, "2026-05-20", 90, 5, 10)
	if !ok {
		t.Fatal("10 candidates, 10 needed: shown")
	}
	// On time: 1 2 2 3 5 1 2 4 (8 of 10); days sorted 1 1 2 2 2 3 4 5 6 9.
	if p.Candidates != 10 || p.OnTime != 8 || p.Percent != 80 || p.MedianDays != 2.5 || p.Told != 10 {
		t.Errorf("%+v", p)
	}
	if _, ok := l.Record(nil, "2026-05-20", 90, 5, 11); ok {
		t.Error("shown below the minimum")
	}
	// Out of the window: nothing.
	if _, ok := l.Record(nil, "2026-09-01", 90, 5, 1); ok {
		t.Error("stages before the window counted")
	}
	// Candidates still waiting past their deadline are late; those within
	// it, and those already told of that stage, are not counted again.
	current := []Stage{{"c0", "2026-05-01"}, {"w1", "2026-05-01"}, {"w2", "2026-05-18"}}
	p, ok = l.Record(current, "2026-05-20", 90, 5, 11)
	if !ok || p.Candidates != 11 || p.Stages != 11 || p.OnTime != 8 || p.Percent != 73 || p.Told != 10 {
		t.Errorf("with waiting candidates: %+v %v", p, ok)
	}
}

func TestRecordFirstNoticeCounts(t *testing.T) {
	// Told late, then told again (a new link): the first notice counts.
	// A refused mail told no one.
	data := Header + "\n" +
		"2026-05-03,ada,advancing," + pathA + ",2026-05-01,,refused\n" +
		"2026-05-09,ada,advancing," + pathA + ",2026-05-01,,smtp\n" +
		"2026-05-10,ada,advancing,bcdefghijklmnopqrstuvwxyza,2026-05-01,,smtp\n"
	l, _ := Parse(File, []byte(data))
	p, ok := l.Record(nil, "2026-06-01", 90, 5, 1)
	if !ok || p.Stages != 1 || p.OnTime != 0 || p.MedianDays != 8 {
		t.Errorf("%+v %v", p, ok)
	}
}

func TestPercentNeverRoundsToAllOrNone(t *testing.T) {
	days := make([]int, 300)
	days[0] = 30
	p, _ := ledgerOf(t, "2026-05-01", days...).Record(nil, "2026-06-01", 90, 5, 1)
	if p.Percent != 99 {
		t.Errorf("299 of 300 on time: %d%%", p.Percent)
	}
	for i := range days {
		days[i] = 30
	}
	days[0] = 0
	p, _ = ledgerOf(t, "2026-05-01", days...).Record(nil, "2026-06-01", 90, 5, 1)
	if p.Percent != 1 {
		t.Errorf("1 of 300 on time: %d%%", p.Percent)
	}
}
