package report

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// TestSiteImagesEmbedded checks that a site picture reaches the page as a
// PNG data URL holding the same bytes (html/template would replace an
// unsafe URL with #ZgotmplZ), with its title as caption.
func TestSiteImagesEmbedded(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nnot really an image")
	r := &Report{Title: "t", Sites: []SiteImage{{Title: "chr1:5 A>G, shared hom-alt", PNG: png}}}
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	want := `src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) + `"`
	if !strings.Contains(page, want) {
		t.Errorf("page lacks the image as a data URL")
	}
	if !strings.Contains(page, "chr1:5 A&gt;G, shared hom-alt") {
		t.Errorf("page lacks the caption")
	}
}
