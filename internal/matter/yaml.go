package matter

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

func (d *decoder) yaml(raw []byte) (*Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		msg := err.Error()
		line := 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
			// yaml.v3 counts lines from 0 in its parser's errors (all
			// "did not find expected ..."), from 1 in its scanner's.
			if strings.HasPrefix(msg, "did not find expected") {
				line++
			}
		}
		msg = trimPrefixFold(msg, "yaml: ")
		text := lineText(raw, line)
		// A parser error points at the line after the one that misled
		// it, where a point starts with '* ' or the like.
		if prev := strings.TrimLeft(lineText(raw, line-1), " "); strings.HasPrefix(msg, "did not find expected") && (strings.HasPrefix(prev, "* ") || strings.HasPrefix(prev, "• ")) {
			line, text = line-1, prev
		}
		return nil, &Error{Line: d.offset + line, Msg: yamlWords(msg, text)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return d.yamlNode(doc.Content[0], 0)
}

// lineText is the n'th line of raw, counting from 1; "" past its end.
func lineText(raw []byte, n int) string {
	starts := lineStarts(raw)
	if n < 1 || n > len(starts) {
		return ""
	}
	end := len(raw)
	if n < len(starts) {
		end = starts[n] - 1
	}
	return string(raw[starts[n-1]:max(end, starts[n-1])])
}

func (d *decoder) yamlNode(y *yaml.Node, depth int) (*Node, error) {
	line := d.offset + y.Line
	if err := d.count(depth); err != nil {
		return nil, d.tooMany(line)
	}
	switch y.Kind {
	case yaml.AliasNode:
		// Expanding aliases is where "billion laughs" files explode; count
		// says stop long before that.
		n, err := d.yamlNode(y.Alias, depth+1)
		if err != nil {
			return nil, err
		}
		c := *n
		c.Line = line
		return &c, nil
	case yaml.SequenceNode:
		n := &Node{Kind: List, Line: line}
		for _, c := range y.Content {
			item, err := d.yamlNode(c, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, item)
		}
		return n, nil
	case yaml.MappingNode:
		n := &Node{Kind: Map, Line: line}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			kline := d.offset + k.Line
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{Line: kline, Msg: "a key must be a plain word"}
			}
			if err := duplicate(n.Fields, k.Value, kline); err != nil {
				return nil, err
			}
			val, err := d.yamlNode(v, depth+1)
			if err != nil {
				return nil, err
			}
			n.Fields = append(n.Fields, Field{Key: k.Value, Line: kline, Value: val})
		}
		return n, nil
	case yaml.ScalarNode:
		n := &Node{Kind: String, Line: line, Text: y.Value}
		switch y.ShortTag() {
		case "!!null":
			n.Kind = Null
		case "!!bool":
			var b bool
			if y.Decode(&b) == nil {
				n.Kind, n.Bool = Bool, b
			}
		case "!!int":
			var i int64
			if y.Decode(&i) == nil {
				n.Kind, n.Int = Int, i
			}
		case "!!float":
			n.Kind = Float
		}
		return n, nil
	}
	return &Node{Kind: Null, Line: line}, nil
}
