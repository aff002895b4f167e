package matter

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

func (d *decoder) json(raw []byte) (*Node, error) {
	starts := lineStarts(raw)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	j := jsonDecoder{decoder: d, dec: dec, starts: starts}
	n, err := j.value(0)
	if err != nil {
		return nil, j.fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &Error{Line: d.offset + lineAt(starts, int(dec.InputOffset())), Msg: "front matter is not valid JSON: unexpected text after the closing }"}
	}
	return n, nil
}

type jsonDecoder struct {
	*decoder
	dec    *json.Decoder
	starts []int
}

// line is the file's line of the token just read.
func (j *jsonDecoder) line() int {
	off := int(j.dec.InputOffset()) - 1
	return j.offset + lineAt(j.starts, max(off, 0))
}

func (j *jsonDecoder) fail(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	off := int(j.dec.InputOffset())
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		off = int(syn.Offset) // the index of the offending byte
	}
	msg := err.Error()
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		msg = "it ends too soon"
	}
	return &Error{Line: j.offset + lineAt(j.starts, max(off, 0)), Msg: jsonWords(msg)}
}

func (j *jsonDecoder) value(depth int) (*Node, error) {
	tok, err := j.dec.Token()
	if err != nil {
		return nil, err
	}
	line := j.line()
	if err := j.count(depth); err != nil {
		return nil, j.tooMany(line)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			n := &Node{Kind: List, Line: line}
			for j.dec.More() {
				item, err := j.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, item)
			}
			_, err := j.dec.Token()
			return n, err
		case '{':
			n := &Node{Kind: Map, Line: line}
			for j.dec.More() {
				k, err := j.dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				kline := j.line()
				if err := duplicate(n.Fields, key, kline); err != nil {
					return nil, err
				}
				v, err := j.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Fields = append(n.Fields, Field{Key: key, Line: kline, Value: v})
			}
			_, err := j.dec.Token()
			return n, err
		}
	case string:
		return &Node{Kind: String, Line: line, Text: t}, nil
	case bool:
		return &Node{Kind: Bool, Line: line, Bool: t, Text: strconv.FormatBool(t)}, nil
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return &Node{Kind: Int, Line: line, Int: i, Text: t.String()}, nil
		}
		return &Node{Kind: Float, Line: line, Text: t.String()}, nil
	}
	return &Node{Kind: Null, Line: line}, nil
}
