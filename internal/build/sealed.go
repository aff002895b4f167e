package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"

	"github.com/tdewolff/minify/v2"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/render"
	"github.com/candor-feedback/candor/internal/seal"
	"github.com/candor-feedback/candor/internal/token"
)

// sealedPage makes a sealed page: the page a plain build gives, its body
// sealed with the candidate's key, inside a shell whose one inline script
// opens it in the browser. min may be nil.
func sealedPage(r *render.Renderer, min *minify.M, fb *content.Feedback, w *bytes.Buffer) error {
	var plain bytes.Buffer
	if err := r.Feedback(&plain, fb); err != nil {
		return err
	}
	page, err := minified(min, plain.Bytes())
	if err != nil {
		return err
	}
	body, err := bodyOf(page)
	if err != nil {
		return err
	}
	box, err := seal.Seal(token.SealKey(fb.Token), fb.PathID(), body)
	if err != nil {
		return err
	}
	var shell bytes.Buffer
	if err := r.Sealed(&shell, fb, base64.RawURLEncoding.EncodeToString(box)); err != nil {
		return err
	}
	out, err := minified(min, shell.Bytes())
	if err != nil {
		return err
	}
	// The hash goes in last, over the script exactly as it will be served.
	script, err := InlineScript(out)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(script)
	out = bytes.Replace(out, []byte(render.ScriptHashSlot), []byte(base64.StdEncoding.EncodeToString(sum[:])), 1)
	w.Write(out)
	return nil
}

func minified(min *minify.M, page []byte) ([]byte, error) {
	if min == nil {
		return page, nil
	}
	var b bytes.Buffer
	if err := min.Minify("text/html", &b, bytes.NewReader(page)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// bodyOf returns what stands between <body ...> and </body>.
func bodyOf(page []byte) ([]byte, error) {
	i := bytes.Index(page, []byte("<body"))
	if i < 0 {
		return nil, errors.New("the feedback layout has no <body>")
	}
	j := bytes.IndexByte(page[i:], '>')
	k := bytes.LastIndex(page, []byte("</body>"))
	if j < 0 || k < i+j {
		return nil, errors.New("the feedback layout has no </body>")
	}
	return page[i+j+1 : k], nil
}

// InlineScript returns the text of a page's one inline script, as the
// browser hashes it for the Content-Security-Policy.
func InlineScript(page []byte) ([]byte, error) {
	i := bytes.Index(page, []byte("<script>"))
	if i < 0 {
		return nil, errors.New("the sealed layout has no inline <script>")
	}
	rest := page[i+len("<script>"):]
	j := bytes.Index(rest, []byte("</script>"))
	if j < 0 {
		return nil, errors.New("the sealed layout's <script> is not closed")
	}
	return rest[:j], nil
}
