package align

import (
	"fmt"
	"strings"
)

// ParseReadGroup checks a -R read-group line as bwa does: literal "\t"
// escapes become tabs, the line must start with @RG and carry an ID field.
// It returns the line with real tabs and its ID.
func ParseReadGroup(line string) (string, string, error) {
	line = strings.ReplaceAll(line, `\t`, "\t")
	if !strings.HasPrefix(line, "@RG\t") {
		return "", "", fmt.Errorf("read group %q: must start with @RG and a tab", line)
	}
	for _, f := range strings.Split(line, "\t")[1:] {
		if id, ok := strings.CutPrefix(f, "ID:"); ok && id != "" {
			return line, id, nil
		}
	}
	return "", "", fmt.Errorf("read group %q: no ID field", line)
}
