package report

import (
	"encoding/base64"
	"html/template"
)

// SiteImage is a picture of the reads at one call (vole pileup --image),
// embedded in the page as a PNG data URL so the page stays one file.
type SiteImage struct {
	// Title names the site and why it is shown ("shared hom-alt", "lowest
	// QUAL among PASS calls"); Caption says what to look for.
	Title, Caption string
	PNG            []byte
}

// Src is the image as a data URL for an img element.
func (s SiteImage) Src() template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(s.PNG))
}
