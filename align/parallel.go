package align

import (
	"sync"

	"github.com/biogo/hts/sam"
)

// emit hands a batch to the sink and counts it.
func (p *pipeline) emit(res batchResult) error {
	if res.err != nil {
		return res.err
	}
	if err := p.ix.Err(); err != nil {
		return err // the batch's positions came from a damaged index
	}
	for _, r := range res.recs {
		if r.Flags&sam.Supplementary != 0 {
			p.stats.Supplementary++
			continue
		}
		p.stats.Reads++
		if r.Seq.Length > p.longest {
			p.stats.LongReads++
		}
		if r.Flags&sam.Unmapped == 0 {
			p.stats.Mapped++
		}
		if r.Flags&sam.Paired != 0 && r.Flags&sam.Read1 != 0 {
			p.stats.Pairs++
			if r.Flags&sam.ProperPair != 0 {
				p.stats.ProperPairs++
			}
		}
	}
	var err error
	if p.text {
		err = p.out.add(nil, res.text)
	} else {
		err = p.out.add(res.recs, nil)
	}
	if err == nil && p.opt.Progress != nil {
		p.opt.Progress(p.stats)
	}
	return err
}

// parallel runs the batches, those held while the insert model was
// learned first: one goroutine reads, opt.Threads workers align, and results
// are emitted in batch order.
func (p *pipeline) parallel(held []heldBatch) error {
	type job struct {
		seq int
		heldBatch
	}
	jobs := make(chan job, p.opt.Threads)
	results := make(chan batchResult, p.opt.Threads)
	done := make(chan struct{})
	var readErr error
	go func() {
		defer close(jobs)
		for seq, h := range held {
			held[seq] = heldBatch{} // the worker holds it now
			select {
			case jobs <- job{seq, h}:
			case <-done:
				return
			}
		}
		for seq := len(held); ; seq++ {
			frags, err := p.src.batch(p.opt.BatchSize)
			if err != nil {
				readErr = err
				return
			}
			if len(frags) == 0 {
				return
			}
			select {
			case jobs <- job{seq, heldBatch{frags: frags}}:
			case <-done:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for k := 0; k < p.opt.Threads; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := p.newWorker()
			for j := range jobs {
				select {
				case results <- p.finish(w, j.heldBatch, j.seq):
				case <-done:
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := map[int]batchResult{}
	next := 0
	var err error
	for res := range results {
		if err != nil {
			continue
		}
		pending[res.seq] = res
		for r, ok := pending[next]; ok; r, ok = pending[next] {
			delete(pending, next)
			next++
			if err = p.emit(r); err != nil {
				close(done)
				break
			}
		}
	}
	if err != nil {
		return err
	}
	return readErr
}
