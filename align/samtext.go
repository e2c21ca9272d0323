package align

import (
	"strconv"

	"github.com/biogo/hts/sam"
)

// appendSAM appends r as one SAM text line. It formats what biogo's
// Record.MarshalSAM does, without fmt and reflection: on the aligner's hot
// path the formatting of every record costs several times less this way.
// Only the aux types the aligner writes (integers and strings) occur.
func appendSAM(dst []byte, r *sam.Record) []byte {
	dst = append(dst, r.Name...)
	dst = append(dst, '\t')
	dst = strconv.AppendUint(dst, uint64(r.Flags), 10)
	dst = append(dst, '\t')
	dst = appendRefName(dst, r.Ref)
	dst = append(dst, '\t')
	dst = strconv.AppendInt(dst, int64(r.Pos+1), 10)
	dst = append(dst, '\t')
	dst = strconv.AppendUint(dst, uint64(r.MapQ), 10)
	dst = append(dst, '\t')
	if len(r.Cigar) == 0 {
		dst = append(dst, '*')
	}
	for _, op := range r.Cigar {
		dst = strconv.AppendInt(dst, int64(op.Len()), 10)
		dst = append(dst, op.Type().String()...)
	}
	dst = append(dst, '\t')
	if r.MateRef != nil && r.MateRef == r.Ref {
		dst = append(dst, '=')
	} else {
		dst = appendRefName(dst, r.MateRef)
	}
	dst = append(dst, '\t')
	dst = strconv.AppendInt(dst, int64(r.MatePos+1), 10)
	dst = append(dst, '\t')
	dst = strconv.AppendInt(dst, int64(r.TempLen), 10)
	dst = append(dst, '\t')
	dst = append(dst, r.Seq.Expand()...)
	dst = append(dst, '\t')
	if len(r.Qual) == 0 || r.Qual[0] == 0xff {
		dst = append(dst, '*')
	} else {
		for _, q := range r.Qual {
			dst = append(dst, q+33)
		}
	}
	for _, a := range r.AuxFields {
		dst = append(dst, '\t')
		dst = append(dst, a[0], a[1], ':')
		switch v := a.Value().(type) {
		case string:
			dst = append(dst, 'Z', ':')
			dst = append(dst, v...)
		case int8, uint8, int16, uint16, int32, uint32:
			dst = append(dst, 'i', ':')
			dst = strconv.AppendInt(dst, toInt64(v), 10)
		default:
			dst = append(dst, a.String()[3:]...)
		}
	}
	return append(dst, '\n')
}

// appendRefName appends a reference name, "*" for none.
func appendRefName(dst []byte, ref *sam.Reference) []byte {
	if ref == nil {
		return append(dst, '*')
	}
	return append(dst, ref.Name()...)
}

// toInt64 widens the integer types sam.Aux.Value returns.
func toInt64(v any) int64 {
	switch x := v.(type) {
	case int8:
		return int64(x)
	case uint8:
		return int64(x)
	case int16:
		return int64(x)
	case uint16:
		return int64(x)
	case int32:
		return int64(x)
	case uint32:
		return int64(x)
	}
	return 0
}
