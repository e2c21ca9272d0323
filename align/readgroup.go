package align

import (
	"fmt"
	"strings"

	"github.com/biogo/hts/sam"
)

// ParseReadGroup checks a -R read-group line as bwa does: literal "\t"
// escapes become tabs, the line must start with @RG and carry an ID field,
// and every field must be TAG:VALUE.
// It returns the line with real tabs and its ID.
func ParseReadGroup(line string) (string, string, error) {
	line = strings.ReplaceAll(line, `\t`, "\t")
	if !strings.HasPrefix(line, "@RG\t") {
		return "", "", fmt.Errorf("read group %q: must start with @RG and a tab", line)
	}
	if strings.ContainsAny(line, "\r\n") {
		return "", "", fmt.Errorf("read group %q: must be one line", line)
	}
	id := ""
	for _, f := range strings.Split(line, "\t")[1:] {
		// Every field is TAG:VALUE; biogo's header parser indexes f[2]
		// unchecked, so an empty field (a trailing or doubled \t) panicked.
		if len(f) < 3 || f[2] != ':' {
			return "", "", fmt.Errorf("read group %q: field %q is not TAG:VALUE (a trailing or doubled \\t?)", line, f)
		}
		if v, ok := strings.CutPrefix(f, "ID:"); ok && v != "" && id == "" {
			id = v
		}
	}
	if id == "" {
		return "", "", fmt.Errorf("read group %q: no ID field", line)
	}
	// What the SAM header parser refuses (a repeated tag, a DT that is not
	// a date, a PI that is not a number) is said now, as the -R's fault.
	if _, err := sam.NewHeader([]byte(line+"\n"), nil); err != nil {
		return "", "", fmt.Errorf("read group %q: %w", line, err)
	}
	return line, id, nil
}
