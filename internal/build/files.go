package build

import (
	"encoding/xml"
	"strings"

	"github.com/candor-feedback/candor/internal/content"
)

// robots.txt keeps crawlers out of private pages, and points them to the
// sitemap of the public ones.
func robots(c *content.Config) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Disallow: " + c.BasePath() + "f/\n")
	b.WriteString("\nSitemap: " + c.BaseURL + "sitemap.xml\n")
	return []byte(b.String())
}

func sitemapXML(locs []string) []byte {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, l := range locs {
		b.WriteString("  <url><loc>")
		_ = xml.EscapeText(&b, []byte(l))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return []byte(b.String())
}

// headers is the _headers file that Netlify and Cloudflare Pages read:
// private pages are kept out of indexes, referrers and caches.
func headers(c *content.Config) []byte {
	base := c.BasePath()
	return []byte(base + `*
  X-Content-Type-Options: nosniff
  X-Frame-Options: DENY

` + base + `f/*
  X-Robots-Tag: noindex, nofollow, noarchive
  Referrer-Policy: no-referrer
  Cache-Control: no-store
`)
}
