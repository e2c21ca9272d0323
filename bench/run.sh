#!/usr/bin/env bash
# bench/run.sh: vole side by side with bwa, bowtie, bowtie2, minimap2,
# bcftools and freebayes, measured in one run on the same inputs.
#
#   bash bench/run.sh                      # every section
#   bash bench/run.sh align call           # some sections
#   VOLE_CHR11=/path/chr11-region.fa.gz bash bench/run.sh index pipeline
#
# Sections: index search align call pipeline bam (data is prepared on
# demand); heldout (not run by default: about 25 CPU minutes) evaluates
# alignment on repeat-rich genomes, VOLE_HELDOUT_SEED=1 for the tuning data.
# Everything is written under bench/out/ (gitignored): data/, one folder per
# section, logs/ (each run's stderr), results.md (the tables) and
# commands.log (every timed command, exactly as run). See bench/README.md.
#
# Environment: VOLE_BENCH_THREADS (default 2), VOLE_CHR11 (optional FASTA of
# the course's chr11 region), VOLE_BENCH_OUT (default bench/out), VOLE_BEFORE
# (a git revision: the bam section then times vole demo built there and here).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${VOLE_BENCH_OUT:-$ROOT/bench/out}
T=${VOLE_BENCH_THREADS:-2}
DATA=$OUT/data
BIN=$OUT/bin
LOGS=$OUT/logs
mkdir -p "$DATA" "$BIN" "$LOGS"
RESULTS=$OUT/results.md
COMMANDS=$OUT/commands.log
ECOLI_GZ=/usr/share/doc/bowtie/examples/genomes/NC_008253.fna.gz

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# ---------------------------------------------------------------- tools

# check_tools fails naming the Debian package of every missing tool.
check_tools() {
	local missing=() pair tool pkg
	for pair in go:golang bwa:bwa bowtie:bowtie bowtie-build:bowtie bowtie2:bowtie2 \
		bowtie2-build:bowtie2 minimap2:minimap2 samtools:samtools bcftools:bcftools \
		freebayes:freebayes dwgsim:dwgsim bgzip:tabix tabix:tabix; do
		tool=${pair%%:*} pkg=${pair#*:}
		command -v "$tool" >/dev/null || missing+=("$tool (Debian package $pkg)")
	done
	[[ -x /usr/bin/time ]] || missing+=("/usr/bin/time (Debian package time)")
	[[ -r $ECOLI_GZ ]] || missing+=("$ECOLI_GZ (Debian package bowtie-examples)")
	if ((${#missing[@]})); then
		say "bench: missing tools; install them with apt-get install:"
		printf '  %s\n' "${missing[@]}" >&2
		exit 1
	fi
}

# build compiles benchtool (required) and vole (optional: a vole that does
# not build is reported as not available, and the anchors still run).
build() {
	go build -o "$BIN/benchtool" ./bench/benchtool || die "benchtool does not build"
	if go build -o "$BIN/vole" ./cmd/vole 2>"$LOGS/vole-build.log"; then
		VOLE=$BIN/vole
	else
		say "bench: vole does not build (see $LOGS/vole-build.log); vole rows will say not available"
		VOLE=
	fi
	BT=$BIN/benchtool
}

# vole_has CMD [FLAG]: true when vole has the command (and the flag).
vole_has() {
	[[ -n $VOLE ]] || return 1
	local help
	help=$("$VOLE" "$1" --help 2>/dev/null) || return 1
	[[ $help == *"Usage:"*"vole $1"* ]] || return 1
	[[ -z ${2:-} || $help == *"$2"* ]]
}

# ---------------------------------------------------------------- timing and tables

# timed NAME CMD...: run CMD under /usr/bin/time -v (via benchtool time),
# log it, keep its stderr in logs/NAME.log and set WALL, CPU (seconds) and
# RSS (MB); on failure set them to "failed" and return 1.
timed() {
	local name=$1
	shift
	printf '%s\t%s\n' "$name" "$*" >>"$COMMANDS"
	printf '%s\n' "$*" >>"$SECTION_CMDS"
	say "  $name: $*"
	if "$BT" time -o "$LOGS/$name.time" -- "$@" >"$LOGS/$name.stdout" 2>"$LOGS/$name.log"; then
		read -r WALL RSS CPU <"$LOGS/$name.time"
		say "    ${WALL}s wall, ${CPU}s CPU, ${RSS} MB"
	else
		WALL=failed RSS=failed CPU=failed
		say "    failed: see $LOGS/$name.log"
		return 1
	fi
}

# sh_timed NAME 'pipeline': timed, for a shell pipeline or redirection.
sh_timed() { timed "$1" bash -o pipefail -c "$2"; }

# table_start FILE HEADER...: a results TSV with its header row.
table_start() {
	local f=$1
	shift
	(IFS=$'\t'; printf '%s\n' "$*") >"$f"
}

# row FILE CELL...: append one row; a cell may itself hold tabs.
row() {
	local f=$1
	shift
	(IFS=$'\t'; printf '%s\n' "$*") >>"$f"
}

# section_begin NAME TITLE: start a section's command list.
section_begin() {
	SECTION_TITLE=$2
	SECTION_CMDS=$OUT/$1/commands.txt
	mkdir -p "$OUT/$1"
	: >"$SECTION_CMDS"
	say "== $SECTION_TITLE"
}

# emit TSV ANCHOR GROUP RATIO_COLS NOTE: render a section's table (markdown,
# with ratios to the anchor row, within rows of the same GROUP column when
# GROUP is not empty) and its exact commands, to stdout and results.md.
emit() {
	local tsv=$1 anchor=$2 group=$3 cols=$4 note=$5
	{
		printf '\n### %s\n\n' "$SECTION_TITLE"
		printf 'Ratio columns divide by the row of **%s**%s. %s\n\n' "$anchor" "${group:+ on the same $group}" "$note"
		"$BT" table -anchor "$anchor" -group "$group" -ratio "$cols" "$tsv"
		printf '\n<details><summary>commands</summary>\n\n```\n'
		cat "$SECTION_CMDS"
		printf '```\n</details>\n'
	} | tee -a "$RESULTS"
}

# ---------------------------------------------------------------- data

ecoli() {
	[[ -s $DATA/ecoli.fa ]] || { gzip -dc "$ECOLI_GZ" >"$DATA/ecoli.fa.tmp" && mv "$DATA/ecoli.fa.tmp" "$DATA/ecoli.fa"; }
	[[ -s $DATA/ecoli.fa.fai ]] || samtools faidx "$DATA/ecoli.fa"
	ECOLI=$DATA/ecoli.fa
}

# sim: dwgsim pairs on E. coli (truth in read names and sim.mutations.vcf).
sim() {
	ecoli
	R1=$DATA/sim.bwa.read1.fastq.gz R2=$DATA/sim.bwa.read2.fastq.gz TRUTH=$DATA/sim.mutations.vcf
	[[ -s $TRUTH && -s $R2 ]] && return
	say "data: dwgsim on E. coli (2x150, 30x)"
	dwgsim -e 0.005 -E 0.01 -1 150 -2 150 -C 30 -r 0.001 -R 0.1 -y 0.01 -o 1 -z 1 \
		"$ECOLI" "$DATA/sim" >"$LOGS/dwgsim.log" 2>&1
}

# synth SIZE_MB: a synthetic genome (seeded, with 5% mutated repeats).
synth() {
	SYNTH=$DATA/synth$1.fa
	[[ -s $SYNTH ]] || "$BT" genome -size $(($1 * 1000000)) -seed "$1" -o "$SYNTH"
}

# exact_reads: 1M 100-base substrings of E. coli, both strands.
exact_reads() {
	ecoli
	EXACT=$DATA/exact100.fq
	[[ -s $EXACT ]] || "$BT" substrings -n 1000000 -len 100 -seed 1 -o "$EXACT" "$ECOLI"
}

# chr11: the course's region when VOLE_CHR11 names it (plain or gzip).
chr11() {
	CHR11=
	[[ -n ${VOLE_CHR11:-} ]] || return 0
	[[ -r $VOLE_CHR11 ]] || die "VOLE_CHR11=$VOLE_CHR11 is not readable"
	CHR11=$DATA/chr11.fa
	[[ -s $CHR11 ]] || { gzip -dcf "$VOLE_CHR11" >"$CHR11.tmp" && mv "$CHR11.tmp" "$CHR11"; }
	[[ -s $CHR11.fai ]] || samtools faidx "$CHR11"
}

# fresh_copy SRC DIR: a private copy of a FASTA, so each tool's index files
# are built from scratch beside it.
fresh_copy() {
	local dst
	dst=$2/$(basename "$1")
	mkdir -p "$2"
	rm -f "$dst"*
	cp "$1" "$dst"
	printf '%s' "$dst"
}

NA="not available"

# ---------------------------------------------------------------- sections

section_index() {
	section_begin index "Index: vole index vs bwa index"
	local tsv=$OUT/index/index.tsv dir=$OUT/index ref size name
	table_start "$tsv" "tool" "genome" "Mb" "wall s" "CPU s" "peak RSS MB" "RSS bytes/base" "CPU s per Mb"
	ecoli
	chr11
	local genomes=("ecoli:$ECOLI")
	[[ -z $CHR11 ]] || genomes+=("chr11:$CHR11")
	for mb in 10 50 200; do
		synth "$mb"
		genomes+=("synth$mb:$SYNTH")
	done
	for g in "${genomes[@]}"; do
		name=${g%%:*} ref=${g#*:}
		size=$(awk '!/^>/ { n += length($0) } END { printf "%.3f", n / 1e6 }' "$ref")
		local tools=(vole)
		case $name in ecoli | chr11 | synth10) tools+=(bwa) ;; esac
		for tool in "${tools[@]}"; do
			local copy
			copy=$(fresh_copy "$ref" "$dir/$tool")
			if [[ $tool == vole ]]; then
				if ! vole_has index; then
					row "$tsv" "vole index" "$name" "$size" "$NA"
					continue
				fi
				timed "index-vole-$name" "$VOLE" index -q "$copy" || true
			else
				timed "index-bwa-$name" bwa index "$copy" || true
			fi
			row "$tsv" "$tool index" "$name" "$size" "$WALL" "$CPU" "$RSS" \
				"$(awk -v r="$RSS" -v s="$size" 'BEGIN { if (r + 0 > 0) printf "%.1f", r * 1048576 / (s * 1e6); else print "–" }')" \
				"$(awk -v c="$CPU" -v s="$size" 'BEGIN { if (c + 0 > 0) printf "%.3f", c / s; else print "–" }')"
			rm -f "$copy"*
		done
	done
	emit "$tsv" "bwa index" genome "wall s,CPU s,peak RSS MB" \
		"bwa runs on E. coli, chr11 and 10 Mb only. Synthetic genomes: uniform random bases with 5% in mutated 1-5 kb repeats (benchtool genome, seed = size in Mb)."
}

section_search() {
	section_begin search "Exact search: 1M 100-base E. coli substrings (both strands)"
	local tsv=$OUT/search/search.tsv dir=$OUT/search
	exact_reads
	table_start "$tsv" "tool" "wall s" "CPU s" "peak RSS MB" "reads" "aligned %"
	local ref
	ref=$(fresh_copy "$ECOLI" "$dir")
	bowtie-build --threads "$T" "$ref" "$dir/ecoli" >"$LOGS/search-bowtie-build.log" 2>&1
	if sh_timed search-bowtie "bowtie -p $T -v 0 -S '$dir/ecoli' '$EXACT' > '$dir/bowtie.sam'"; then
		row "$tsv" "bowtie -v 0" "$WALL" "$CPU" "$RSS" "$(aligned_pct "$dir/bowtie.sam")"
	else
		row "$tsv" "bowtie -v 0" failed
	fi
	if vole_has align --exact; then
		"$VOLE" index -q "$ref" >"$LOGS/search-vole-index.log" 2>&1
		if timed search-vole "$VOLE" align --exact -t "$T" -o "$dir/vole.sam" "$ref" "$EXACT"; then
			row "$tsv" "vole align --exact" "$WALL" "$CPU" "$RSS" "$(aligned_pct "$dir/vole.sam")"
		else
			row "$tsv" "vole align --exact" failed
		fi
	else
		row "$tsv" "vole align --exact" "$NA"
	fi
	emit "$tsv" "bowtie -v 0" "" "wall s,CPU s,peak RSS MB" "Indexes built beforehand, not timed. Every read occurs in the reference, so 100% is the truth."
}

# aligned_pct SAM: "reads<TAB>percent of primary records that are mapped".
aligned_pct() {
	local total mapped
	total=$(samtools view -c -F 0x900 "$1")
	mapped=$(samtools view -c -F 0x904 "$1")
	awk -v t="$total" -v m="$mapped" 'BEGIN { printf "%d\t%.2f", t, (t ? 100 * m / t : 0) }'
}

# score_sam TSV TOOL SAM: a row of wall, RSS and mapeval's columns, or
# "failed" when the timed run just before failed.
score_sam() {
	local scores
	if [[ $WALL == failed ]]; then
		row "$1" "$2" failed
	elif scores=$("$BT" mapeval -tsv "$3" 2>>"$LOGS/mapeval.log"); then
		row "$1" "$2" "$WALL" "$CPU" "$RSS" "$scores"
	else
		row "$1" "$2" "$WALL" "$CPU" "$RSS" "scoring failed"
	fi
}

section_align() {
	section_begin align "Align: dwgsim 2x150 pairs on E. coli, $T threads"
	local tsv=$OUT/align/align.tsv dir=$OUT/align
	sim
	table_start "$tsv" "tool" "wall s" "CPU s" "peak RSS MB" "$("$BT" mapeval -tsv -header)"
	local ref
	ref=$(fresh_copy "$ECOLI" "$dir")
	say "  building indexes (not timed)"
	bwa index "$ref" >"$LOGS/align-bwa-index.log" 2>&1
	bowtie2-build --threads "$T" "$ref" "$dir/bt2" >"$LOGS/align-bowtie2-build.log" 2>&1
	bowtie-build --threads "$T" "$ref" "$dir/bt1" >"$LOGS/align-bowtie-build.log" 2>&1

	sh_timed align-bwa "bwa mem -t $T '$ref' '$R1' '$R2' > '$dir/bwa.sam'" || true
	score_sam "$tsv" "bwa mem" "$dir/bwa.sam"
	if vole_has align; then
		"$VOLE" index -q "$ref" >"$LOGS/align-vole-index.log" 2>&1 || true
		timed align-vole "$VOLE" align -t "$T" -o "$dir/vole.sam" "$ref" "$R1" "$R2" || true
		score_sam "$tsv" "vole align" "$dir/vole.sam"
	else
		row "$tsv" "vole align" "$NA"
	fi
	sh_timed align-minimap2 "minimap2 -ax sr -t $T '$ref' '$R1' '$R2' > '$dir/minimap2.sam'" || true
	score_sam "$tsv" "minimap2 -ax sr" "$dir/minimap2.sam"
	sh_timed align-bowtie2 "bowtie2 -p $T -x '$dir/bt2' -1 '$R1' -2 '$R2' > '$dir/bowtie2.sam'" || true
	score_sam "$tsv" "bowtie2" "$dir/bowtie2.sam"
	sh_timed align-bowtie "bowtie -p $T -v 0 -S '$dir/bt1' '$R1' > '$dir/bowtie.sam'" || true
	score_sam "$tsv" "bowtie -v 0 (R1 only, exact)" "$dir/bowtie.sam"
	emit "$tsv" "bwa mem" "" "wall s,CPU s,peak RSS MB" \
		"A primary alignment is correct when its clip-adjusted start is within 20 bases of dwgsim's truth on the same contig; 1% of the reads are random (never correct). minimap2 builds its index inside the timed run; the others' indexes were built beforehand."
}

# sorted_bam SAM BAM: coordinate-sort and index (not timed).
sorted_bam() {
	[[ -s $2.bai && $2 -nt $1 ]] && return
	samtools sort -@ "$T" -o "$2" "$1" 2>>"$LOGS/samtools-sort.log"
	samtools index "$2"
}

# score_vcf TSV TOOL BAM VCF: a row of wall, RSS and vcfeval's columns, or
# "failed" when the timed run just before failed.
score_vcf() {
	local scores
	if [[ $WALL == failed ]]; then
		row "$1" "$2" "$3" failed
	elif scores=$("$BT" vcfeval -tsv "$ECOLI" "$TRUTH" "$4" 2>>"$LOGS/vcfeval.log"); then
		row "$1" "$2" "$3" "$WALL" "$CPU" "$RSS" "$scores"
	else
		row "$1" "$2" "$3" "$WALL" "$CPU" "$RSS" "scoring failed"
	fi
}

section_call() {
	section_begin call "Call: SNPs and indels from the same BAM, truth = dwgsim mutations"
	local tsv=$OUT/call/call.tsv dir=$OUT/call
	sim
	[[ -s $OUT/align/bwa.sam ]] || die "call needs the align section's bwa.sam: run 'bench/run.sh align call'"
	table_start "$tsv" "tool" "BAM" "wall s" "CPU s" "peak RSS MB" "$("$BT" vcfeval -tsv -header)"
	local bams=(bwa) bam name
	sorted_bam "$OUT/align/bwa.sam" "$dir/bwa.bam"
	if [[ -s $OUT/align/vole.sam ]] && sorted_bam "$OUT/align/vole.sam" "$dir/vole.bam"; then
		bams+=(vole)
	fi
	for name in "${bams[@]}"; do
		bam=$dir/$name.bam
		sh_timed "call-bcftools-$name" "bcftools mpileup -f '$ECOLI' '$bam' | bcftools call -mv -o '$dir/bcftools-$name.vcf'" || true
		score_vcf "$tsv" "bcftools mpileup | call -mv" "$name" "$dir/bcftools-$name.vcf"
		if vole_has call; then
			timed "call-vole-$name" "$VOLE" call -t "$T" -o "$dir/vole-$name.vcf" "$ECOLI" "$bam" || true
			score_vcf "$tsv" "vole call" "$name" "$dir/vole-$name.vcf"
		else
			row "$tsv" "vole call" "$name" "$NA"
		fi
		# freebayes is the slowest caller by far; once, on bwa's BAM, keeps
		# the whole bench within ~20 minutes.
		[[ $name == bwa ]] || continue
		sh_timed "call-freebayes-$name" "freebayes -f '$ECOLI' '$bam' > '$dir/freebayes-$name.vcf'" || true
		score_vcf "$tsv" "freebayes" "$name" "$dir/freebayes-$name.vcf"
	done
	emit "$tsv" "bcftools mpileup | call -mv" BAM "wall s,CPU s,peak RSS MB" \
		"The vole BAM rows appear when the align section produced vole.sam (freebayes runs on bwa's BAM only, for time). Scored by benchtool vcfeval after bcftools norm -m -any (left-aligned, split); PASS and '.' records only; MNPs split into SNPs; truth genotypes from dwgsim's pl."
}

section_pipeline() {
	section_begin pipeline "Pipeline: 3 samples, reads to joint calls"
	local dir=$OUT/pipeline tsv=$OUT/pipeline/pipeline.tsv src ref s
	mkdir -p "$dir"
	chr11
	if [[ -n $CHR11 ]]; then
		src=$CHR11
	else
		synth 2
		src=$SYNTH
	fi
	ref=$(fresh_copy "$src" "$dir/ref")
	samtools faidx "$ref"
	local samples=(s1 s2 s3)
	for s in "${samples[@]}"; do
		[[ -s $DATA/pipe-$s.mutations.vcf && $DATA/pipe-$s.mutations.vcf -nt $src ]] && continue
		say "data: dwgsim sample $s"
		dwgsim -e 0.005 -E 0.01 -1 150 -2 150 -N 170000 -r 0.001 -R 0.1 -y 0.01 -o 1 -z "${s#s}" \
			"$ref" "$DATA/pipe-$s" >"$LOGS/dwgsim-pipe-$s.log" 2>&1
	done
	local head="tool" sh
	for s in "${samples[@]}"; do head+=$'\t'"$s SNP F1"$'\t'"$s indel F1"; done
	table_start "$tsv" "$head" "wall s" "CPU s" "peak RSS MB"

	# vole run
	if vole_has run; then
		local args=()
		for s in "${samples[@]}"; do args+=(--sample "$s=$DATA/pipe-$s.bwa.read1.fastq.gz,$DATA/pipe-$s.bwa.read2.fastq.gz"); done
		rm -rf "$dir/vole"
		if timed pipeline-vole "$VOLE" run -q -t "$T" -o "$dir/vole" --ref "$ref" "${args[@]}"; then
			row "$tsv" "vole run" "$(pipeline_f1 "$ref" "$dir/vole/calls.vcf.gz" "${samples[@]}")" "$WALL" "$CPU" "$RSS"
		else
			row "$tsv" "vole run" failed
		fi
	else
		row "$tsv" "vole run" "$NA"
	fi

	# the assignment's recipe: bowtie2, samtools, freebayes, bcftools
	cp "$ref" "$dir/recipe.fa"
	samtools faidx "$dir/recipe.fa"
	sh="set -e; cd '$dir'; bowtie2-build --threads $T recipe.fa recipe > /dev/null"
	for s in "${samples[@]}"; do
		sh+="; bowtie2 -p $T -x recipe -1 '$DATA/pipe-$s.bwa.read1.fastq.gz' -2 '$DATA/pipe-$s.bwa.read2.fastq.gz' --rg-id $s --rg SM:$s | samtools sort -@ $T -o recipe-$s.bam"
		sh+="; samtools index recipe-$s.bam; samtools flagstat recipe-$s.bam > recipe-$s.flagstat"
		sh+="; freebayes -f recipe.fa recipe-$s.bam > recipe-$s.vcf; bgzip -f recipe-$s.vcf; tabix -f -p vcf recipe-$s.vcf.gz"
		sh+="; bcftools stats recipe-$s.vcf.gz > recipe-$s.stats"
		sh+="; bcftools norm -f recipe.fa -m -any -Oz -o recipe-$s.norm.vcf.gz recipe-$s.vcf.gz; tabix -f -p vcf recipe-$s.norm.vcf.gz"
	done
	sh+="; bcftools isec -n=3 -p recipe-isec recipe-s1.norm.vcf.gz recipe-s2.norm.vcf.gz recipe-s3.norm.vcf.gz"
	if sh_timed pipeline-recipe "$sh"; then
		local cells=() one
		for s in "${samples[@]}"; do
			one=$(vcf_f1 "$ref" "$DATA/pipe-$s.mutations.vcf" "$dir/recipe-$s.vcf.gz")
			cells+=("$one")
		done
		row "$tsv" "bowtie2 + samtools + freebayes + bcftools (recipe)" "${cells[@]}" "$WALL" "$CPU" "$RSS"
	else
		row "$tsv" "bowtie2 + samtools + freebayes + bcftools (recipe)" failed
	fi

	# bwa mem + joint bcftools call
	# htslib's faidx reads a contig name holding ':' and '-' (the course's
	# chr11:5868417-7868417) as a region, so bcftools mpileup finds no
	# reference for it: rename such contigs for bwa and bcftools and give the
	# VCF its names back (bcftools annotate --rename-chrs), inside the timing.
	awk '/^>/ { o = substr($1, 2); n = o; gsub(/[:-]/, "_", n); print n "\t" o }' "$dir/recipe.fa" > "$dir/bwa-names.tsv"
	sh="set -e; cd '$dir'; rm -f bwa.fa.fai; awk '/^>/ { n = substr(\$1, 2); gsub(/[:-]/, \"_\", n); print \">\" n; next } { print }' recipe.fa > bwa.fa; bwa index bwa.fa 2> /dev/null"
	for s in "${samples[@]}"; do
		sh+="; bwa mem -t $T -R '@RG\\tID:$s\\tSM:$s' bwa.fa '$DATA/pipe-$s.bwa.read1.fastq.gz' '$DATA/pipe-$s.bwa.read2.fastq.gz' 2> /dev/null | samtools sort -@ $T -o bwa-$s.bam; samtools index bwa-$s.bam"
	done
	sh+="; bcftools mpileup -f bwa.fa bwa-s1.bam bwa-s2.bam bwa-s3.bam | bcftools call -mv | bcftools annotate --rename-chrs bwa-names.tsv -Oz -o bwa-joint.vcf.gz"
	if sh_timed pipeline-bwa-bcftools "$sh"; then
		row "$tsv" "bwa mem + bcftools joint" "$(pipeline_f1 "$ref" "$dir/bwa-joint.vcf.gz" "${samples[@]}")" "$WALL" "$CPU" "$RSS"
	else
		row "$tsv" "bwa mem + bcftools joint" failed
	fi
	emit "$tsv" "bowtie2 + samtools + freebayes + bcftools (recipe)" "" "wall s,CPU s,peak RSS MB" \
		"Reference: $(basename "$ref") ($(awk '!/^>/ { n += length($0) } END { printf "%.2f Mb", n / 1e6 }' "$ref")). Each sample is its own dwgsim run (170k pairs 2x150, seed 1, 2, 3) with its own truth, so the samples share no planted variants. Wall and RSS cover the whole recipe including index building; RSS is the largest single process."
}

# art_chr11: ART HiSeq 2500 pairs (2x150, 30x, insert 400 +- 50) of the
# course's chr11 region, when VOLE_CHR11 names it.
art_chr11() {
	chr11
	ART1= ART2=
	[[ -n $CHR11 ]] || return 0
	ART1=$DATA/art-chr11.1.fq ART2=$DATA/art-chr11.2.fq
	[[ -s $ART2 && $ART2 -nt $CHR11 ]] && return
	command -v art_illumina >/dev/null || die "art_illumina missing (Debian package art-nextgen-simulation-tools)"
	say "data: art_illumina on chr11 (2x150, 30x)"
	art_illumina -ss HS25 -p -l 150 -f 30 -m 400 -s 50 -rs 1 -na -i "$CHR11" -o "$DATA/art-tmp" \
		>"$LOGS/art.log" 2>&1
	mv "$DATA/art-tmp1.fq" "$ART1" && mv "$DATA/art-tmp2.fq" "$ART2"
}

# picard_summary BAM: the error and warning counts of Picard ValidateSamFile
# (exhaustive index validation) as "TYPE n; ...", or "not available".
picard_summary() {
	local jar=/usr/share/java/picard.jar
	if ! command -v java >/dev/null || [[ ! -r $jar ]]; then
		printf '%s' "$NA"
		return
	fi
	java -jar "$jar" ValidateSamFile I="$1" MODE=SUMMARY INDEX_VALIDATION_STRINGENCY=EXHAUSTIVE \
		>"$1.picard.txt" 2>&1 || true
	awk -F'\t' '/^(ERROR|WARNING):[A-Z_]+\t/ { printf "%s%s %s", sep, $1, $2; sep = "; " } END { if (!sep) printf "no errors" }' "$1.picard.txt"
}

section_bam() {
	section_begin bam "Sorted BAM: vole align -o x.bam vs SAM and vs SAM | samtools sort + index, $T threads"
	local tsv=$OUT/bam/bam.tsv pic=$OUT/bam/picard.tsv dir=$OUT/bam name ref r1 r2
	sim
	art_chr11
	table_start "$tsv" "tool" "data" "wall s" "CPU s" "peak RSS MB" "output MB" "size vs samtools"
	table_start "$pic" "BAM" "data" "Picard ValidateSamFile (exhaustive index validation)"
	local sets=("ecoli:$ECOLI:$R1:$R2")
	[[ -z $CHR11 ]] || sets+=("chr11:$CHR11:$ART1:$ART2")
	if ! vole_has align; then
		row "$tsv" "vole align" "all" "$NA"
		emit "$tsv" "vole align -o x.sam" data "wall s,CPU s" ""
		return
	fi
	for set in "${sets[@]}"; do
		IFS=: read -r name ref r1 r2 <<<"$set"
		ref=$(fresh_copy "$ref" "$dir/$name")
		"$VOLE" index -q "$ref" >"$LOGS/bam-index-$name.log" 2>&1
		local base=$dir/$name/$name sam_mb bam_mb st_mb rg='@RG\tID:s1\tSM:s1\tPL:ILLUMINA'
		timed "bam-sam-$name" "$VOLE" align -q -t "$T" -R "$rg" -o "$base.sam" "$ref" "$r1" "$r2" || true
		local w1=$WALL c1=$CPU m1=$RSS
		timed "bam-bam-$name" "$VOLE" align -q -t "$T" -R "$rg" -o "$base.bam" "$ref" "$r1" "$r2" || true
		local w2=$WALL c2=$CPU m2=$RSS
		sh_timed "bam-samtools-$name" "'$VOLE' align -q -t $T -R '$rg' '$ref' '$r1' '$r2' | samtools sort -@ $T -o '$base.samtools.bam' - && samtools index '$base.samtools.bam'" || true
		sam_mb=$(du -m --apparent-size "$base.sam" | cut -f1)
		bam_mb=$(awk -v b="$(stat -c %s "$base.bam")" 'BEGIN { printf "%.1f", b / 1e6 }')
		st_mb=$(awk -v b="$(stat -c %s "$base.samtools.bam")" 'BEGIN { printf "%.1f", b / 1e6 }')
		row "$tsv" "vole align -o x.sam" "$name" "$w1" "$c1" "$m1" "$sam_mb" "–"
		row "$tsv" "vole align -o x.bam" "$name" "$w2" "$c2" "$m2" "$bam_mb" "$(awk -v a="$bam_mb" -v b="$st_mb" 'BEGIN { printf "%.3f", a / b }')"
		row "$tsv" "vole align | samtools sort -@$T + index" "$name" "$WALL" "$CPU" "$RSS" "$st_mb" "1.000"
		# Picard on vole's BAM and on bwa mem | samtools sort's, same reads.
		bwa index "$ref" >"$LOGS/bam-bwa-index-$name.log" 2>&1
		bwa mem -t "$T" -R "$rg" "$ref" "$r1" "$r2" 2>"$LOGS/bam-bwa-$name.log" | samtools sort -@ "$T" -o "$base.bwa.bam" - 2>>"$LOGS/bam-bwa-$name.log"
		samtools index "$base.bwa.bam"
		row "$pic" "vole align -o x.bam" "$name" "$(picard_summary "$base.bam")"
		row "$pic" "bwa mem | samtools sort + index" "$name" "$(picard_summary "$base.bwa.bam")"
		rm -f "$base.sam"
	done
	emit "$tsv" "vole align -o x.sam" data "wall s,CPU s" \
		"E. coli: the align section's dwgsim pairs; chr11: art_illumina -ss HS25 -p -l 150 -f 30 -m 400 -s 50 -rs 1 on the course region (when VOLE_CHR11 is set). samtools sort and index use samtools' default compression; size vs samtools divides the BAM's size by samtools'. bwa mem's BAM for the Picard table is made outside the timing."
	{
		printf '\n%s\n\n' "Picard ValidateSamFile (MODE=SUMMARY, INDEX_VALIDATION_STRINGENCY=EXHAUSTIVE, no reference, so NM is not checked) on vole's BAM above and on bwa mem | samtools sort's BAM of the same reads, both with the read group @RG ID:s1 SM:s1 PL:ILLUMINA:"
		"$BT" table "$pic"
	} | tee -a "$RESULTS"
	section_before_after
}

# section_before_after: `vole demo` (the course-like pipeline) with the vole
# built at git revision VOLE_BEFORE and with this one, when VOLE_BEFORE is
# set.
section_before_after() {
	[[ -n ${VOLE_BEFORE:-} ]] || return 0
	section_begin demo "vole demo (vole run on the course-like data): before ($VOLE_BEFORE) and after"
	local tsv=$OUT/demo/demo.tsv dir=$OUT/demo before=$BIN/vole-before
	rm -rf "$dir/src"
	git -C "$ROOT" worktree add -q --detach "$dir/src" "$VOLE_BEFORE" || die "VOLE_BEFORE=$VOLE_BEFORE is not a revision"
	(cd "$dir/src" && go build -o "$before" ./cmd/vole) || die "vole at $VOLE_BEFORE does not build"
	git -C "$ROOT" worktree remove --force "$dir/src"
	table_start "$tsv" "vole" "wall s" "CPU s" "peak RSS MB"
	rm -rf "$dir/before" "$dir/after"
	timed demo-before "$before" demo -q -t "$T" -o "$dir/before" || true
	row "$tsv" "before ($VOLE_BEFORE)" "$WALL" "$CPU" "$RSS"
	timed demo-after "$VOLE" demo -q -t "$T" -o "$dir/after" || true
	row "$tsv" "after" "$WALL" "$CPU" "$RSS"
	emit "$tsv" "before ($VOLE_BEFORE)" "" "wall s,CPU s,peak RSS MB" "vole demo simulates three samples, then runs vole run on them (index, align to sorted BAM, call, report)."
}

# vcf_f1 REF TRUTH VCF [SAMPLE]: "SNP F1<TAB>indel F1" of one sample.
vcf_f1() {
	local s
	if s=$("$BT" vcfeval -tsv ${4:+-sample "$4"} "$1" "$2" "$3" 2>>"$LOGS/vcfeval.log"); then
		cut -f 3,6 <<<"$s"
	else
		printf 'scoring failed\tscoring failed'
	fi
}

# pipeline_f1 REF JOINT_VCF SAMPLE...: the F1 cells of every sample.
pipeline_f1() {
	local ref=$1 vcf=$2 cells=() s
	shift 2
	for s in "$@"; do cells+=("$(vcf_f1 "$ref" "$DATA/pipe-$s.mutations.vcf" "$vcf" "$s")"); done
	(IFS=$'\t'; printf '%s' "${cells[*]}")
}

# ---------------------------------------------------------------- held-out alignment

# The held-out evaluation of alignment on repeat-rich genomes. Data from
# seed VOLE_HELDOUT_SEED (default 2, the reporting seed); seed 1 is the data
# vole's tuned constants were tuned on (VOLE_HELDOUT_SEED=1 gives the tuning
# figures); VOLE_HELDOUT_SIZE (default 4m) and VOLE_HELDOUT_TANDEM_PAIRS
# (default 150000) shrink the data to check the section quickly. Each seed
# makes its own genomes and reads:
#   human: vole sim genome --size 4m --alts 20 --seed S (human-like: Alu-
#     and L1-like families, segmental duplications, satellites, 20 alt
#     contigs with bwa's .alt file); vole sim diploid on its primary contigs
#     (--seed S); ART HiSeq 2500 2x150 (-m 400 -s 50), 15x from each
#     haplotype (-rs 10S+1, 10S+2); dwgsim 2x150 at 30x on the primary
#     contigs (-z 11S, true positions in the read names).
#   tandem: benchtool tandem -seed S (arrays of 20-1000 copies of a 150-base
#     unit at 0-2% divergence, a 5 kb segment present twice); dwgsim 150k
#     pairs (-z 13S).

# heldout_data: prepare (once per seed) the data under $DATA/heldout-S.
heldout_data() {
	local s=$HELDOUT_SEED h
	HD=$DATA/heldout-$s-$HELDOUT_SIZE
	mkdir -p "$HD"
	if [[ ! -s $HD/ref.fa.alt ]]; then
		say "data: human-like genome, seed $s"
		"$VOLE" sim genome --size "$HELDOUT_SIZE" --alts 20 --seed "$s" -q -o "$HD/ref.fa"
	fi
	if [[ ! -s $HD/sample.vcf ]]; then
		samtools faidx "$HD/ref.fa"
		grep -v '^@' "$HD/ref.fa.alt" | cut -f 1 >"$HD/alt.names"
		samtools faidx "$HD/ref.fa" $(cut -f 1 "$HD/ref.fa.fai" | grep -vxFf "$HD/alt.names") >"$HD/primary.fa"
		"$VOLE" sim diploid "$HD/primary.fa" --seed "$s" -q -o "$HD/sample"
	fi
	if [[ ! -s $HD/art2.fq.gz ]]; then
		say "data: ART reads, seed $s"
		for h in 1 2; do
			art_illumina -ss HS25 -p -l 150 -f 15 -m 400 -s 50 -rs $((10 * s + h)) -na -d "h$h" \
				-i "$HD/sample.hap$h.fa" -o "$HD/art_h$h" >"$LOGS/art-$s-$h.log" 2>&1
		done
		cat "$HD/art_h11.fq" "$HD/art_h21.fq" | gzip -1 >"$HD/art1.fq.gz"
		cat "$HD/art_h12.fq" "$HD/art_h22.fq" | gzip -1 >"$HD/art2.fq.gz"
		rm -f "$HD"/art_h*.fq
	fi
	if [[ ! -s $HD/dwg.bwa.read2.fastq.gz ]]; then
		say "data: dwgsim reads, seed $s"
		dwgsim -e 0.005 -E 0.01 -1 150 -2 150 -C 30 -r 0.001 -R 0.1 -y 0.01 -o 1 -z $((11 * s)) \
			"$HD/primary.fa" "$HD/dwg" >"$LOGS/dwgsim-heldout-$s.log" 2>&1
	fi
	if [[ ! -s $HD/tdw.bwa.read2.fastq.gz ]]; then
		say "data: tandem-array genome and dwgsim reads, seed $s"
		"$BT" tandem -seed "$s" -o "$HD/tandem.fa"
		dwgsim -e 0.005 -E 0.01 -1 150 -2 150 -N "$HELDOUT_TANDEM_PAIRS" -r 0.001 -R 0.1 -y 0.01 -o 1 -z $((13 * s)) \
			"$HD/tandem.fa" "$HD/tdw" >"$LOGS/dwgsim-tandem-$s.log" 2>&1
	fi
}

# heldout_index DIR FASTA: private copies of a reference with bwa's and
# vole's indexes (and the .alt file), built untimed; prints the copy's path.
heldout_index() {
	local ref
	ref=$(fresh_copy "$2" "$1")
	[[ ! -s $2.alt ]] || cp "$2.alt" "$ref.alt"
	bwa index "$ref" >"$LOGS/heldout-bwa-index.log" 2>&1
	"$VOLE" index -q "$ref" >"$LOGS/heldout-vole-index.log" 2>&1
	samtools faidx "$ref"
	printf '%s' "$ref"
}

# heldout_align NAME REF R1 R2 DIR TSV: bwa mem and vole align on one pair of
# read files, timed, each SAM scored by mapeval when the reads are dwgsim's
# (NAME starts with dwg or tdw) and kept as DIR/{bwa,vole}.NAME.sam.
heldout_align() {
	local name=$1 ref=$2 r1=$3 r2=$4 dir=$5 tsv=$6 tool
	for tool in bwa vole; do
		if [[ $tool == bwa ]]; then
			sh_timed "heldout-bwa-$name" "bwa mem -t $T '$ref' '$r1' '$r2' > '$dir/bwa.$name.sam'" || true
		else
			timed "heldout-vole-$name" "$VOLE" align -t "$T" -o "$dir/vole.$name.sam" "$ref" "$r1" "$r2" || true
		fi
		if [[ $name == art ]]; then
			row "$tsv" "$tool" "$name" "$WALL" "$CPU" "$RSS"
		else
			score_sam "$tsv" "$tool	$name" "$dir/$tool.$name.sam"
		fi
	done
}

# heldout_table TSV TITLE NOTE: a table without ratio columns.
heldout_table() {
	{
		printf '\n### %s\n\n%s\n\n' "$2" "$3"
		"$BT" table "$1"
	} | tee -a "$RESULTS"
}

# zero_depth BAM BED: positions at depth 0 in the BED's segment copies,
# "copy1 zeros<TAB>copy2 zeros" (reads at any MAPQ, as coverage plots show).
zero_depth() {
	local cells=() c s e n
	while read -r c s e n; do
		[[ $n == segment_* ]] || continue
		cells+=("$(samtools depth -a -r "$c:$((s + 1))-$e" "$1" | awk '$3 == 0' | wc -l)")
	done <"$2"
	(IFS=$'\t'; printf '%s' "${cells[*]}")
}

section_heldout() {
	HELDOUT_SEED=${VOLE_HELDOUT_SEED:-2}
	# Smaller data for a quick check of the section itself.
	HELDOUT_SIZE=${VOLE_HELDOUT_SIZE:-4m} HELDOUT_TANDEM_PAIRS=${VOLE_HELDOUT_TANDEM_PAIRS:-150000}
	local role="reporting"
	[[ $HELDOUT_SEED != 1 ]] || role="tuning"
	section_begin heldout "Held-out alignment on repeat-rich genomes (seed $HELDOUT_SEED: $role data), $T threads"
	local dir=$OUT/heldout maptsv=$OUT/heldout/map.tsv calltsv=$OUT/heldout/call.tsv qtsv=$OUT/heldout/minmq.tsv
	command -v art_illumina >/dev/null || die "heldout needs art_illumina (Debian package art-nextgen-simulation-tools)"
	vole_has sim || die "heldout needs vole sim (the generator of the human-like genome)"
	heldout_data
	local href tref
	href=$(heldout_index "$dir/human" "$HD/ref.fa")
	tref=$(heldout_index "$dir/tandem" "$HD/tandem.fa")
	table_start "$maptsv" "tool" "data" "wall s" "CPU s" "peak RSS MB" "$("$BT" mapeval -tsv -header)"
	heldout_align dwg "$href" "$HD/dwg.bwa.read1.fastq.gz" "$HD/dwg.bwa.read2.fastq.gz" "$dir" "$maptsv"
	heldout_align tdw "$tref" "$HD/tdw.bwa.read1.fastq.gz" "$HD/tdw.bwa.read2.fastq.gz" "$dir" "$maptsv"
	heldout_align art "$href" "$HD/art1.fq.gz" "$HD/art2.fq.gz" "$dir" "$maptsv"
	emit "$maptsv" "bwa" data "wall s,CPU s,peak RSS MB" \
		"data: dwg = dwgsim on the human-like genome (truth in the names), tdw = dwgsim on the tandem-array genome, art = the ART reads of the calling table (not scored here). Correct: clip-adjusted start within 20 bases of the truth on the same contig. Indexes built beforehand (bwa reads the .alt file beside its index, vole the one beside the FASTA)."

	# Depth over the two copies of the exact 5 kb segment.
	local ztsv=$dir/zero.tsv tool
	table_start "$ztsv" "tool" "copy 1: positions at depth 0" "copy 2: positions at depth 0"
	for tool in bwa vole; do
		sorted_bam "$dir/$tool.tdw.sam" "$dir/$tool.tdw.bam"
		row "$ztsv" "$tool" "$(zero_depth "$dir/$tool.tdw.bam" "$HD/tandem.bed")"
	done
	heldout_table "$ztsv" "Exact 5 kb segment present twice (tandem genome, seed $HELDOUT_SEED): positions at depth 0" \
		"samtools depth -a over each copy of the tdw alignments above, reads at any MAPQ."

	# Calling from the ART reads: pipelines, then vole call's -q.
	table_start "$calltsv" "aligner + caller" "$("$BT" vcfeval -tsv -header)"
	table_start "$qtsv" "vole call -q" "vole BAM: SNP F1" "vole BAM: indel F1" "bwa BAM: SNP F1" "bwa BAM: indel F1"
	local q cells
	for tool in bwa vole; do
		sorted_bam "$dir/$tool.art.sam" "$dir/$tool.art.bam"
		bcftools mpileup -f "$href" "$dir/$tool.art.bam" 2>>"$LOGS/heldout-bcftools.log" |
			bcftools call -mv -o "$dir/bcftools-$tool.vcf" 2>>"$LOGS/heldout-bcftools.log"
		row "$calltsv" "$tool + bcftools" "$("$BT" vcfeval -tsv "$href" "$HD/sample.vcf" "$dir/bcftools-$tool.vcf" 2>>"$LOGS/vcfeval.log")"
		"$VOLE" call -t "$T" -o "$dir/vole-$tool.vcf" "$href" "$dir/$tool.art.bam" 2>>"$LOGS/heldout-call.log"
		row "$calltsv" "$tool + vole call" "$("$BT" vcfeval -tsv "$href" "$HD/sample.vcf" "$dir/vole-$tool.vcf" 2>>"$LOGS/vcfeval.log")"
	done
	for q in 0 1 5 10 20; do
		cells=()
		for tool in vole bwa; do
			"$VOLE" call -t "$T" -q "$q" -o "$dir/q$q-$tool.vcf" "$href" "$dir/$tool.art.bam" 2>>"$LOGS/heldout-call.log"
			cells+=("$(vcf_f1 "$href" "$HD/sample.vcf" "$dir/q$q-$tool.vcf")")
		done
		row "$qtsv" "$q" "${cells[@]}"
	done
	heldout_table "$calltsv" "Calling from the ART reads on the human-like genome (seed $HELDOUT_SEED)" \
		"Truth: vole sim diploid's VCF. vole call with its defaults; bcftools mpileup -f | call -mv. Scored by benchtool vcfeval (bcftools norm, exact allele match). BAMs sorted and indexed by samtools from the art alignments above."
	heldout_table "$qtsv" "vole call's mapping-quality threshold on each aligner's BAM (seed $HELDOUT_SEED)" \
		"SNP and indel F1 of vole call -q Q, other options default."
}

# ---------------------------------------------------------------- main

main() {
	local sections=("$@")
	((${#sections[@]})) || sections=(index search align call pipeline bam)
	for s in "${sections[@]}"; do
		declare -F "section_$s" >/dev/null || die "unknown section '$s' (sections: index search align call pipeline bam heldout)"
	done
	check_tools
	build
	{
		printf '## vole benchmark, %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
		printf 'Machine: %s cores, %s. vole %s. Threads: %s. Timings are wall seconds, CPU seconds (user + system) and peak RSS from /usr/bin/time -v; ratios compare tools within this run, and CPU seconds are the steadier figure when other jobs share the machine.\n' \
			"$(nproc)" "$(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)" \
			"$( [[ -n $VOLE ]] && "$VOLE" --version 2>/dev/null | awk '{ print $NF }' || echo "$NA")" "$T"
	} | tee "$RESULTS"
	: >"$COMMANDS"
	for s in "${sections[@]}"; do
		"section_$s"
	done
	say "bench: tables in $RESULTS, commands in $COMMANDS"
}

main "$@"
