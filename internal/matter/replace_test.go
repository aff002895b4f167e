package matter

import (
	"bytes"
	"testing"
)

func TestReplaceValue(t *testing.T) {
	const old, new = "uhfumvgu6h4pq4n4pqglnh7bm3", "ipycotrqdearpl42zxbzikb4coipe2zs"
	tests := []struct{ name, src string }{
		{"yaml", "---\n# keep me\ncandidate: Ada   # and me\ntoken: " + old + "  # the link\nrole: R\n---\nbody token: " + old + "\n"},
		{"yaml quoted", "---\ntoken: '" + old + "'\n---\n"},
		{"yaml on the next line", "---\ntoken:\n  " + old + "\n---\n"},
		{"yaml with lone CRs", "---\rcandidate: Ada\rtoken: " + old + "\r---\r"},
		{"yaml crlf and bom", "\ufeff---\r\ncandidate: Ada\r\ntoken: \"" + old + "\"\r\n---\r\n"},
		{"toml", "+++\n# comment\ntoken = \"" + old + "\" # x\nrole = \"R\"\n+++\n"},
		{"json", "{\n  \"candidate\": \"Ada\",\n  \"token\":   \"" + old + "\",\n  \"role\": \"R\"\n}\n\nBody " + old + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReplaceValue([]byte(tt.src), "token", old, new)
			if err != nil {
				t.Fatal(err)
			}
			// Everything but the value is byte for byte the same: the
			// first occurrence, in the front matter, is the one replaced.
			want := bytes.Replace([]byte(tt.src), []byte(old), []byte(new), 1)
			if !bytes.Equal(got, want) {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
	if _, err := ReplaceValue([]byte("---\nrole: R\n---\n"), "token", old, new); err == nil {
		t.Error("replaced a token that is not there")
	}
}
