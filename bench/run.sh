#!/usr/bin/env bash
# bench/run.sh: vole side by side with bwa, bowtie, bowtie2, minimap2,
# bcftools and freebayes, measured in one run on the same inputs.
#
#   bash bench/run.sh                      # every section
#   bash bench/run.sh align call           # some sections
#   VOLE_CHR11=/path/chr11-region.fa.gz bash bench/run.sh index pipeline
#
# Sections: index search align call pipeline bam workflow (data is prepared
# on demand; workflow also needs snakemake, Debian package snakemake);
# realcall (needs VOLE_NA12878), artcall (needs art_illumina) and callscale
# (1 Gb genome) and bigalign (1 Gbp genome, 1M pairs vs bwa mem) on demand;
# heldout (not run by default: about 50 CPU minutes per seed) evaluates
# alignment on repeat-rich genomes, VOLE_HELDOUT_SEED=1 for the tuning data.
# Everything is written under bench/out/ (gitignored): data/, one folder per
# section, logs/ (each run's stderr), results.md (the tables) and
# commands.log (every timed command, exactly as run). See bench/README.md.
#
# Environment: VOLE_BENCH_THREADS (default 2), VOLE_CHR11 (optional FASTA of
# the course's chr11 region), VOLE_NA12878 (folder of the NA12878 chr20
# test data), VOLE_BENCH_OUT (default bench/out), VOLE_BEFORE (a git
# revision: the bam section then times vole demo built there and here).
# VOLE_BENCH_COHORTS (sample counts of the workflow section, default
# "3 30 100"; the split table uses the 30-sample run). VOLE_ARTCALL_SEED
# (default 1: the artcall section's sets, seeds 100+N and 200+N).
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
# The artcall section's sets: E. coli with seed 100+N, chr11 with 200+N.
# N=1 gave the sets reported first; N=2 sets nobody looked at before the
# caller's StrandBias limit was revised on a statistical argument.
ART_SEED=${VOLE_ARTCALL_SEED:-1}
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
		if [[ -n $anchor ]]; then
			printf 'Ratio columns divide by the row of **%s**%s. %s\n\n' "$anchor" "${group:+ on the same $group}" "$note"
		else
			printf '%s\n\n' "$note"
		fi
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

# human SIZE: a human-like genome from vole's generator (vole sim genome,
# seed 5; 3.1g gets GRCh38's shape: 3,000 contigs, 261 alts, soft-masked).
human() {
	HUMAN=$DATA/human$1.fa
	[[ -s $HUMAN ]] && return
	vole_has sim || die "human-like genomes need vole sim genome"
	local extra=()
	[[ $1 != 3.1g ]] || extra=(--contigs 3000 --alts 261 --soft-mask)
	say "data: human-like genome, $1"
	# vole writes its outputs under temporary names, renamed when complete.
	"$VOLE" sim genome --size "$1" --seed 5 --no-bed -q "${extra[@]}" -o "$HUMAN"
}

# index: vole index and bwa index on E. coli, the course region (VOLE_CHR11)
# and human-like genomes of VOLE_INDEX_SIZES (default "50m 300m"; the
# figures in README add 1g). VOLE_INDEX_FULL=1 adds a vole-only run at
# GRCh38's size (3.1 Gbp, 3,000 contigs: about 10 minutes and 4 GB of RAM
# for vole, 11 GB of disk; bwa index would take hours, so it is not run).
section_index() {
	section_begin index "Index: vole index vs bwa index"
	local tsv=$OUT/index/index.tsv dir=$OUT/index ref size name g
	table_start "$tsv" "tool" "genome" "Mb" "wall s" "CPU s" "peak RSS MB" "RSS bytes/base" "index MB"
	ecoli
	chr11
	local genomes=("E. coli:$ECOLI")
	[[ -z $CHR11 ]] || genomes+=("chr11 region:$CHR11")
	for g in ${VOLE_INDEX_SIZES:-50m 300m}; do
		human "$g"
		genomes+=("human-like $g:$HUMAN")
	done
	if [[ ${VOLE_INDEX_FULL:-} == 1 ]]; then
		human 3.1g
		genomes+=("human-like 3.1g (3,000 contigs):$HUMAN")
	fi
	for g in "${genomes[@]}"; do
		name=${g%%:*} ref=${g#*:}
		size=$(awk '!/^>/ { n += length($0) } END { printf "%.1f", n / 1e6 }' "$ref")
		local tools=(bwa vole)
		[[ $name != *3.1g* ]] || tools=(vole)
		for tool in "${tools[@]}"; do
			local copy files
			copy=$(fresh_copy "$ref" "$dir/$tool")
			if [[ $tool == vole ]]; then
				timed "index-vole-${name//[ ,()]/_}" "$VOLE" index -q -t "$T" "$copy" || true
				files=("$copy.vole")
			else
				timed "index-bwa-${name//[ ,()]/_}" bwa index "$copy" || true
				files=("$copy".{amb,ann,bwt,pac,sa})
			fi
			row "$tsv" "$tool index" "$name" "$size" "$WALL" "$CPU" "$RSS" \
				"$(awk -v r="$RSS" -v s="$size" 'BEGIN { if (r + 0 > 0) printf "%.2f", r * 1048576 / (s * 1e6); else print "–" }')" \
				"$(du -cm "${files[@]}" 2>/dev/null | awk 'END { print $1 }')"
			# The 1 Gbp indexes serve the bigalign section.
			if [[ $name == "human-like 1g" && $WALL != failed ]]; then
				mkdir -p "$OUT/bigalign"
				for f in "${files[@]}"; do mv "$f" "$OUT/bigalign/human1g.fa${f#"$copy"}"; done
				# vole's index checks the FASTA's mtime: keep the copy it was built from.
				[[ $tool != vole ]] || mv "$copy" "$OUT/bigalign/human1g.fa"
			fi
			rm -f "$copy"*
		done
	done
	emit "$tsv" "bwa index" genome "wall s,CPU s,peak RSS MB" \
		"Human-like genomes: vole sim genome --size N --seed 5 (Alu- and L1-like families, segmental duplications, satellites, N gaps, small contigs; 3.1g adds --contigs 3000 --alts 261 --soft-mask). vole index -t $T; bwa index has no threads (its default bwtsw algorithm). Index MB: the files each tool writes (bwa's five, vole's one)."
}

# bigalign: vole align against bwa mem on the 1 Gbp human-like genome of the
# index section (indexes built untimed), with VOLE_BIGALIGN_PAIRS dwgsim
# pairs (default 1,000,000, 2x150). Start-up: each aligner on one pair (the
# index load and the first read). Opt-in: about 40 CPU minutes.
section_bigalign() {
	section_begin bigalign "Align against a 1 Gbp human-like genome: vole align vs bwa mem, $T threads"
	local dir=$OUT/bigalign tsv=$OUT/bigalign/bigalign.tsv pairs=${VOLE_BIGALIGN_PAIRS:-1000000} ref tool
	mkdir -p "$dir"
	human 1g
	ref=$dir/human1g.fa
	[[ -s $ref ]] || cp "$HUMAN" "$ref"
	if [[ ! -s $ref.vole || ! -s $ref.sa ]]; then
		say "  indexes of the 1 Gbp genome (not timed)"
		bwa index "$ref" >"$LOGS/bigalign-bwa-index.log" 2>&1
		"$VOLE" index -q "$ref"
	fi
	local r=$DATA/big-$pairs
	if [[ ! -s $r.bwa.read2.fastq.gz ]]; then
		say "data: dwgsim $pairs pairs on the 1 Gbp genome"
		dwgsim -e 0.005 -E 0.01 -1 150 -2 150 -N "$pairs" -r 0.001 -R 0.1 -y 0.01 -o 1 -z 17 \
			"$HUMAN" "$r" >"$LOGS/dwgsim-big.log" 2>&1
	fi
	# head closes the pipe early: gzip's SIGPIPE is expected.
	gzip -dc "$r.bwa.read1.fastq.gz" | head -4 >"$dir/one1.fq" || true
	gzip -dc "$r.bwa.read2.fastq.gz" | head -4 >"$dir/one2.fq" || true
	table_start "$tsv" "tool" "reads" "wall s" "CPU s" "peak RSS MB" "$("$BT" mapeval -tsv -header)"
	for tool in bwa vole; do
		if [[ $tool == bwa ]]; then
			sh_timed "bigalign-bwa-one" "bwa mem -t $T '$ref' '$dir/one1.fq' '$dir/one2.fq' > '$dir/bwa.one.sam'" || true
		else
			timed "bigalign-vole-one" "$VOLE" align -q -t "$T" -o "$dir/vole.one.sam" "$ref" "$dir/one1.fq" "$dir/one2.fq" || true
		fi
		row "$tsv" "$tool" "1 pair (start-up)" "$WALL" "$CPU" "$RSS"
	done
	for tool in bwa vole; do
		if [[ $tool == bwa ]]; then
			sh_timed "bigalign-bwa" "bwa mem -t $T '$ref' '$r.bwa.read1.fastq.gz' '$r.bwa.read2.fastq.gz' > '$dir/bwa.sam'" || true
		else
			timed "bigalign-vole" "$VOLE" align -q -t "$T" -o "$dir/vole.sam" "$ref" "$r.bwa.read1.fastq.gz" "$r.bwa.read2.fastq.gz" || true
		fi
		score_sam "$tsv" "$tool	$pairs pairs" "$dir/$tool.sam"
		rm -f "$dir/$tool.sam"
	done
	emit "$tsv" "bwa" reads "wall s,CPU s,peak RSS MB" \
		"Genome: vole sim genome --size 1g --seed 5 (the index section's). Reads: dwgsim -e 0.005 -E 0.01 -1 150 -2 150 -N $pairs -r 0.001 -R 0.1 -y 0.01 -o 1 -z 17 (truth in the names). Correct: clip-adjusted start within 20 bases of the truth on the same contig. The start-up rows align the first pair alone: loading the index and one read."
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

# untimed_row TSV LABEL BAM VCF: a scored row without timings (a filtered
# view of a VCF timed above).
untimed_row() {
	row "$1" "$2" "$3" – – – "$("$BT" vcfeval -tsv "$ECOLI" "$TRUTH" "$4" 2>>"$LOGS/vcfeval.log" || printf 'scoring failed')"
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
		if [[ $WALL != failed ]]; then
			bcftools view -i 'QUAL>=20' -o "$dir/bcftools-q20-$name.vcf" "$dir/bcftools-$name.vcf"
			untimed_row "$tsv" "bcftools mpileup | call -mv, QUAL >= 20 (not timed)" "$name" "$dir/bcftools-q20-$name.vcf"
		fi
		if vole_has call; then
			timed "call-vole-$name" "$VOLE" call -t "$T" -o "$dir/vole-$name.vcf" "$ECOLI" "$bam" || true
			score_vcf "$tsv" "vole call" "$name" "$dir/vole-$name.vcf"
			if [[ $WALL != failed ]]; then
				bcftools annotate -x FILTER -o "$dir/vole-all-$name.vcf" "$dir/vole-$name.vcf"
				untimed_row "$tsv" "vole call, every record (not timed)" "$name" "$dir/vole-all-$name.vcf"
			fi
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

# vole_timed_wrapper DIR: a stand-in for vole that records each run's wall,
# peak RSS and CPU in DIR/jobs/COMMAND.PID.time, for the workflow's jobs.
vole_timed_wrapper() {
	mkdir -p "$1/jobs"
	printf '#!/usr/bin/env bash\nexec %q time -o %q/jobs/"$1.$$.time" -- %q "$@"\n' "$BT" "$1" "$VOLE" >"$1/vole"
	chmod +x "$1/vole"
}

# job_rss DIR COMMAND: the largest peak RSS (MB) of the jobs of one vole
# command recorded by the wrapper.
job_rss() {
	cat "$1"/jobs/"$2".*.time 2>/dev/null | awk '$2 > m { m = $2 } END { print (NR ? m : "n/a") }'
}

# calls_body VCF: the calls without the ##commandline line (which names the
# command that wrote the file).
calls_body() { gzip -dc "$1" | grep -v '^##commandline='; }

section_workflow() {
	section_begin workflow "Many samples: vole run vs the Snakemake workflow (--cores $T)"
	local dir=$OUT/workflow tsv=$OUT/workflow/workflow.tsv n ref args s smk cells same
	mkdir -p "$dir"
	table_start "$tsv" "tool" "samples" "wall s" "CPU s" "peak RSS MB" "align job MB" "call job MB" "report job MB" "calls = vole run's"
	if ! vole_has report || ! command -v snakemake >/dev/null; then
		row "$tsv" "workflow" "all" "$NA (needs snakemake, Debian package snakemake, and vole report)"
		emit "$tsv" "vole run" samples "wall s,CPU s" ""
		return
	fi
	smk=$(snakemake --version)
	local sizes=(${VOLE_BENCH_COHORTS:-3 30 100}) call_first= call_last=
	for n in "${sizes[@]}"; do
		[[ -s $DATA/cohort$n/samples.tsv ]] || { say "data: $n samples on the demo genome"; "$BT" cohort -n "$n" -seed 11 -o "$DATA/cohort$n"; }
		args=()
		while IFS=$'\t' read -r s r1 r2; do
			[[ $s == name ]] || args+=(--sample "$s=$r1,$r2")
		done <"$DATA/cohort$n/samples.tsv"
		# Each run indexes its own copy of the reference.
		ref=$(fresh_copy "$DATA/cohort$n/ref.fa" "$dir/ref-run$n")
		rm -rf "$dir/run$n"
		if timed "workflow-run-$n" "$VOLE" run -q -t "$T" -o "$dir/run$n" --ref "$ref" "${args[@]}"; then
			row "$tsv" "vole run" "$n" "$WALL" "$CPU" "$RSS" "–" "–" "–" "–"
		else
			row "$tsv" "vole run" "$n" failed
			continue
		fi
		ref=$(fresh_copy "$DATA/cohort$n/ref.fa" "$dir/ref-wf$n")
		rm -rf "$dir/wf$n" "$dir/smk$n"
		mkdir -p "$dir/smk$n"
		vole_timed_wrapper "$dir/smk$n"
		if sh_timed "workflow-smk-$n" "cd '$dir/smk$n' && snakemake -s '$ROOT/workflow/Snakefile' --cores $T -q --config ref='$ref' samples='$DATA/cohort$n/samples.tsv' outdir='$dir/wf$n' vole='$dir/smk$n/vole' threads=$T > /dev/null"; then
			same=no
			cmp -s <(calls_body "$dir/run$n/calls.vcf.gz" | sed "s|$dir/ref-run$n/|REF/|") <(calls_body "$dir/wf$n/calls.vcf.gz" | sed "s|$dir/ref-wf$n/|REF/|") && same=yes
			row "$tsv" "workflow" "$n" "$WALL" "$CPU" "$RSS" "$(job_rss "$dir/smk$n" align)" "$(job_rss "$dir/smk$n" call)" "$(job_rss "$dir/smk$n" report)" "$same"
			[[ $n == "${sizes[0]}" ]] && call_first=$(job_rss "$dir/smk$n" call)
			[[ $n == "${sizes[-1]}" ]] && call_last=$(job_rss "$dir/smk$n" call)
		else
			row "$tsv" "workflow" "$n" failed
		fi
	done
	local growth="n/a"
	[[ -n $call_first && -n $call_last && ${#sizes[@]} -gt 1 ]] &&
		growth=$(awk -v a="$call_first" -v b="$call_last" -v n="$((sizes[-1] - sizes[0]))" 'BEGIN { printf "%.2f", (b - a) / n }')
	emit "$tsv" "vole run" samples "wall s,CPU s" \
		"Samples simulated by benchtool cohort (vole demo's simulator, seed 11: 160 kb in two contigs, 2x100 reads at 20x). The workflow ($smk) runs with threads=$T per job and the default chunk (one region per contig); peak RSS is the largest single process (for the workflow, Snakemake's own Python process or a job), and the job columns the largest vole job of each step, measured by running vole through benchtool time. The joint call job grows by $growth MB per sample from ${sizes[0]} to ${sizes[-1]} samples. 'calls = vole run's': calls.vcf.gz identical apart from ##commandline (and the reference's path)."
	section_split
}

# section_split: the workflow's calls on 30 samples with calling cut into
# 4 and 16 regions, against vole run's (1 region).
section_split() {
	section_begin workflow-split "Calling split into regions: 30 samples (the workflow section's)"
	local dir=$OUT/workflow tsv=$OUT/workflow-split/split.tsv chunk regions ref
	table_start "$tsv" "regions" "chunk" "wall s" "CPU s" "records" "calls = vole run's (1 region)" "calls.vcf.gz bytes = 4 regions'"
	[[ -s $dir/run30/calls.vcf.gz && -s $dir/wf30/report.html ]] || { row "$tsv" "all" "$NA (the workflow section did not run)"; emit "$tsv" "" "" "" ""; return; }
	ref=$dir/ref-wf30/ref.fa
	row "$tsv" 1 "(vole run)" "–" "–" "$(gzip -dc "$dir/run30/calls.vcf.gz" | grep -vc '^#')" "–" "–"
	# 43334-base windows cut the 130 kb contig in 3 (and 30 kb in 1): 4
	# regions; 10000-base windows give 13 + 3 = 16. The same output folder
	# gives the same ##commandline, so the files can be compared byte for
	# byte; the same vole (the timing wrapper) keeps Snakemake from
	# realigning.
	for chunk in 43334 10000; do
		if sh_timed "workflow-split-$chunk" "cd '$dir/smk30' && snakemake -s '$ROOT/workflow/Snakefile' --cores $T -q --config ref='$ref' samples='$DATA/cohort30/samples.tsv' outdir='$dir/wf30' vole='$dir/smk30/vole' threads=$T chunk=$chunk > /dev/null"; then
			regions=$(wc -l <"$dir/wf30/regions.txt")
			cp "$dir/wf30/calls.vcf.gz" "$dir/split-$regions.vcf.gz"
			local same=no bytes=–
			cmp -s <(calls_body "$dir/run30/calls.vcf.gz" | sed "s|$dir/ref-run30/|REF/|") <(calls_body "$dir/wf30/calls.vcf.gz" | sed "s|$dir/ref-wf30/|REF/|") && same=yes
			if [[ $regions != 4 ]]; then
				bytes=no
				cmp -s "$dir/split-4.vcf.gz" "$dir/wf30/calls.vcf.gz" && bytes=yes
			fi
			row "$tsv" "$regions" "$chunk" "$WALL" "$CPU" "$(gzip -dc "$dir/wf30/calls.vcf.gz" | grep -vc '^#')" "$same" "$bytes"
		else
			row "$tsv" "?" "$chunk" failed
		fi
	done
	emit "$tsv" "" "" "" "The workflow run again on the workflow section's 30-sample output with chunk=43334 and chunk=10000 (Snakemake reruns only the regions, calls, join and report). Wall and CPU cover that rerun."
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

# ---------------------------------------------------------------- calling: real reads, ART sets

# sum_counts VCFEVAL_TEXT: "TP<TAB>FP<TAB>FN" over SNPs and indels.
sum_counts() {
	awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); c[kv[1]] += kv[2] } }
		END { printf "%d\t%d\t%d", c["TP"], c["FP"], c["FN"] }' <<<"$1"
}

# caller_rows DIR REF BAM TSV SCORER TAG [CELL]: time vole call and the
# anchors on one BAM (bcftools with BAQ, as by default; bcftools -B -q 20,
# closest to vole's defaults; freebayes, kept at QUAL >= 20) and append a
# row per tool: its label, CELL when given, the timings and the cells that
# score_SCORER VCF prints. TAG names the logs. Two untimed rows compare
# like with like: bcftools' records at QUAL >= 20 (vole's PASS excludes
# QUAL < 20 as LowQual; bcftools call filters nothing) and vole's every
# record, its filters removed.
caller_rows() {
	local dir=$1 ref=$2 bam=$3 tsv=$4 scorer=$5 name=$6 cell=${7:-} tool vcf label
	for tool in bcftools bcftoolsB freebayes vole; do
		vcf=$dir/$tool.vcf
		case $tool in
		bcftools) sh_timed "$name-bcftools" "bcftools mpileup -f '$ref' '$bam' | bcftools call -mv -o '$vcf'" || true ;;
		bcftoolsB) sh_timed "$name-bcftools-B" "bcftools mpileup -B -q 20 -f '$ref' '$bam' | bcftools call -mv -o '$vcf'" || true ;;
		freebayes) sh_timed "$name-freebayes" "freebayes -f '$ref' '$bam' | bcftools view -i 'QUAL>=20' -o '$vcf'" || true ;;
		vole)
			if ! vole_has call; then
				row "$tsv" "vole call" ${cell:+"$cell"} "$NA"
				continue
			fi
			timed "$name-vole" "$VOLE" call -t "$T" -o "$vcf" "$ref" "$bam" || true
			;;
		esac
		case $tool in
		bcftools) label="bcftools mpileup | call -mv" ;;
		bcftoolsB) label="bcftools mpileup -B -q 20 | call -mv" ;;
		freebayes) label="freebayes (QUAL >= 20)" ;;
		vole) label="vole call" ;;
		esac
		if [[ $WALL == failed ]]; then
			row "$tsv" "$label" ${cell:+"$cell"} failed
			continue
		fi
		row "$tsv" "$label" ${cell:+"$cell"} "$WALL" "$CPU" "$RSS" "$("score_$scorer" "$vcf")"
		case $tool in
		bcftools)
			bcftools view -i 'QUAL>=20' -o "$dir/bcftools-q20.vcf" "$vcf"
			row "$tsv" "bcftools mpileup | call -mv, QUAL >= 20 (not timed)" ${cell:+"$cell"} – – – "$("score_$scorer" "$dir/bcftools-q20.vcf")"
			;;
		vole)
			bcftools annotate -x FILTER -o "$dir/vole-all.vcf" "$vcf"
			row "$tsv" "vole call, every record (not timed)" ${cell:+"$cell"} – – – "$("score_$scorer" "$dir/vole-all.vcf")"
			;;
		esac
	done
}

# na12878: real NA12878 HiSeq reads over 2 kb of chr20 (VOLE_NA12878 names
# the folder: ref.fa.gz, r1/r2.fq.gz, truth.vcf.gz, confident.bed), aligned
# with bwa mem (not timed). Scored inside the GIAB confident regions within
# the reads' span.
section_realcall() {
	section_begin realcall "Calling real reads: NA12878 HiSeq 2x101 over chr20:10,000,000 (GIAB truth)"
	if [[ -z ${VOLE_NA12878:-} ]]; then
		say "  VOLE_NA12878 not set: skipped"
		return 0
	fi
	local dir=$OUT/realcall tsv=$OUT/realcall/realcall.tsv ref span
	mkdir -p "$dir"
	ref=$dir/ref.fa
	[[ -s $ref.bwt ]] || { gzip -dc "$VOLE_NA12878/ref.fa.gz" >"$ref" && samtools faidx "$ref" && bwa index "$ref" 2>/dev/null; }
	if [[ ! -s $dir/na.bam.bai ]]; then
		bwa mem -t "$T" -R '@RG\tID:na\tSM:NA12878' "$ref" "$VOLE_NA12878/r1.fq.gz" "$VOLE_NA12878/r2.fq.gz" 2>/dev/null |
			samtools sort -o "$dir/na.bam" 2>/dev/null
		samtools index "$dir/na.bam"
	fi
	span=$(samtools depth "$dir/na.bam" | awk 'NR == 1 { b = $2 } { e = $2 } END { print $1 "\t" b - 1 "\t" e }')
	awk -v OFS='\t' -v s="$span" 'BEGIN { split(s, a, "\t") } $1 == a[1] && $3 > a[2] && $2 < a[3] {
		print $1, ($2 > a[2] ? $2 : a[2]), ($3 < a[3] ? $3 : a[3]) }' "$VOLE_NA12878/confident.bed" >"$dir/scored.bed"
	bcftools view -T "$dir/scored.bed" "$VOLE_NA12878/truth.vcf.gz" -o "$dir/truth.vcf"
	NA_REF=$ref NA_DIR=$dir
	table_start "$tsv" "tool" "wall s" "CPU s" "peak RSS MB" "TP" "FP (PASS)" "FN"
	caller_rows "$dir" "$ref" "$dir/na.bam" "$tsv" na na
	emit "$tsv" "bcftools mpileup | call -mv" "" "wall s,CPU s,peak RSS MB" \
		"Truth: GIAB NA12878 calls inside confident.bed and inside the reads' span ($(grep -vc '^#' "$dir/truth.vcf") variants). PASS (or '.') records only, after bcftools norm; TP, FP and FN over SNPs and indels."
}

# score_na VCF: TP, FP, FN of a call set against the NA12878 truth.
score_na() {
	local sub=$NA_DIR/sub.vcf text
	bcftools view -T "$NA_DIR/scored.bed" "$1" -o "$sub" 2>>"$LOGS/vcfeval.log" || { printf 'scoring failed'; return; }
	if text=$("$BT" vcfeval "$NA_REF" "$NA_DIR/truth.vcf" "$sub" 2>>"$LOGS/vcfeval.log"); then
		sum_counts "$text"
	else
		printf 'scoring failed'
	fi
}

# art_set NAME FASTA SEED: a diploid individual planted on FASTA by
# benchtool mutate, 2x150 reads at 30x from ART's HiSeq 2500 profile
# (art_illumina -ss HS25, 15x per haplotype, fragments 400 +- 50), aligned
# with bwa mem (not timed). Contig names holding ':' or '-' are renamed
# ('_'), as htslib's faidx reads them as regions.
art_set() {
	local name=$1 src=$2 seed=$3 d=$DATA/art-$1-$3 h
	ART_DIR=$d
	[[ -s $d/bwa.bam.bai ]] && return
	mkdir -p "$d"
	gzip -dcf "$src" | awk '/^>/ { n = substr($1, 2); gsub(/[:-]/, "_", n); print ">" n; next } { print }' >"$d/ref.fa"
	samtools faidx "$d/ref.fa"
	"$BT" mutate -seed "$seed" -o "$d" "$d/ref.fa" >"$LOGS/art-$name-mutate.log"
	for h in 1 2; do
		art_illumina -ss HS25 -i "$d/hap$h.fa" -p -l 150 -f 15 -m 400 -s 50 -rs $((seed * 10 + h)) -na -o "$d/h${h}_" >"$LOGS/art-$name-$h.log" 2>&1
	done
	cat "$d/h1_1.fq" "$d/h2_1.fq" >"$d/r1.fq"
	cat "$d/h1_2.fq" "$d/h2_2.fq" >"$d/r2.fq"
	rm -f "$d"/h?_?.fq
	bwa index "$d/ref.fa" 2>/dev/null
	bwa mem -t "$T" -R "@RG\tID:$name\tSM:$name" "$d/ref.fa" "$d/r1.fq" "$d/r2.fq" 2>/dev/null | samtools sort -@ "$T" -o "$d/bwa.bam" 2>/dev/null
	samtools index "$d/bwa.bam"
	rm -f "$d/r1.fq" "$d/r2.fq"
}

# score_art VCF: vcfeval's columns against the ART set's truth.
score_art() {
	"$BT" vcfeval -tsv "$ART_DIR/ref.fa" "$ART_DIR/truth.vcf" "$1" 2>>"$LOGS/vcfeval.log" || printf 'scoring failed'
}

section_artcall() {
	section_begin artcall "Calling ART reads (HiSeq 2500 error profile), planted diploid SNPs and indels"
	command -v art_illumina >/dev/null || die "artcall needs art_illumina (Debian package art-nextgen-simulation-tools)"
	local tsv=$OUT/artcall/artcall.tsv sets=("ecoli:$ECOLI_GZ:$((100 + ART_SEED))") set name src seed
	chr11
	[[ -z $CHR11 ]] || sets+=("chr11:$CHR11:$((200 + ART_SEED))")
	table_start "$tsv" "tool" "set" "wall s" "CPU s" "peak RSS MB" "$("$BT" vcfeval -tsv -header)"
	for set in "${sets[@]}"; do
		name=${set%%:*} src=${set#*:} seed=${src##*:} src=${src%:*}
		say "  data: $name"
		art_set "$name" "$src" "$seed"
		mkdir -p "$OUT/artcall/$name"
		caller_rows "$OUT/artcall/$name" "$ART_DIR/ref.fa" "$ART_DIR/bwa.bam" "$tsv" art "art-$name" "$name"
	done
	emit "$tsv" "bcftools mpileup | call -mv" set "wall s,CPU s,peak RSS MB" \
		"benchtool mutate plants SNPs (1e-3/base) and indels (2e-4/base, half growing or shrinking a repeat, up to 10 bases), a third homozygous; seeds $((100 + ART_SEED)) (E. coli), $((200 + ART_SEED)) (chr11) (VOLE_ARTCALL_SEED=$ART_SEED). Scored by benchtool vcfeval (PASS records, after bcftools norm)."
}

# callscale: vole call's memory and speed at genome scale, on a 1 Gb
# human-like genome (vole sim genome: 24 chromosomes scaled down, small
# contigs, repeats, N gaps) with reads tiled by benchtool (no aligner in
# the way): 30x over 10 Mb of it, and 1x over all of it. Opt-in: about 10
# minutes of CPU and 3 GB of disk under bench/out/data.
section_callscale() {
	section_begin callscale "vole call at genome scale: 1 Gb human-like genome"
	local dir=$DATA/callscale tsv=$OUT/callscale/callscale.tsv ref name bam t reads
	mkdir -p "$dir" "$OUT/callscale"
	ref=$dir/g1g.fa
	if [[ ! -s $ref ]]; then
		vole_has sim || die "callscale needs vole sim genome"
		"$VOLE" sim genome --size 1g --seed 3 -q -o "$ref"
	fi
	if [[ ! -s $dir/deep.bam.bai ]]; then
		"$BT" tiles -step 5 -contig 0 -from 10000000 -to 20000000 "$ref" | samtools view -b -@ "$T" -o "$dir/deep.bam"
		samtools index "$dir/deep.bam"
	fi
	if [[ ! -s $dir/all.bam.bai ]]; then
		"$BT" tiles -step 150 "$ref" | samtools view -b -@ "$T" -o "$dir/all.bam"
		samtools index "$dir/all.bam"
	fi
	[[ -s $ref.fai ]] || samtools faidx "$ref"
	# The pieces -t 2 cuts the contigs into (256 kb each).
	local pieces
	pieces=$(awk '{ n += int(($2 + 262143) / 262144) } END { print n }' "$ref.fai")
	table_start "$tsv" "reads" "records" "reference" "threads" "wall s" "CPU s" "peak RSS MB" "VCF records" "pieces/s"
	local how label
	for name in deep all; do
		bam=$dir/$name.bam
		reads=$(samtools idxstats "$bam" | awk '{ n += $3 } END { print n }')
		label=$([[ $name == deep ]] && echo "30x over 10 Mb" || echo "1x over 1 Gb")
		for how in fai scan; do
			# Without the .fai vole scans the FASTA for the same table.
			[[ $how == scan ]] && mv "$ref.fai" "$ref.fai.off"
			for t in 1 2; do
				if ! vole_has call; then
					row "$tsv" "$label" "$reads" "$how" "$t" "$NA"
					continue
				fi
				if timed "callscale-$name-$how-t$t" "$VOLE" call -t "$t" -o "$OUT/callscale/$name-t$t.vcf.gz" "$ref" "$bam"; then
					row "$tsv" "$label" "$reads" "$([[ $how == fai ]] && echo "FASTA + .fai" || echo "FASTA, no .fai")" "$t" "$WALL" "$CPU" "$RSS" \
						"$(gzip -dc "$OUT/callscale/$name-t$t.vcf.gz" | grep -vc '^#')" \
						"$(awk -v t="$t" -v p="$pieces" -v w="$WALL" 'BEGIN { if (t > 1 && w > 0) printf "%.0f", p / w; else print "–" }')"
				else
					row "$tsv" "$label" "$reads" "$how" "$t" failed
				fi
			done
			[[ $how == scan ]] && mv "$ref.fai.off" "$ref.fai"
		done
	done
	emit "$tsv" "" "" "" \
		"Reads: benchtool tiles (150-base single reads, a het SNP every 1000 bases, 0.5% errors) over vole sim genome --size 1g --seed 3. With the FASTA's .fai (samtools faidx) vole reads the reference a window at a time; without it, vole first scans the FASTA for the same table (in memory, no file written) and then does the same. The rest follows the reads in flight. pieces/s: the 256 kb pieces -t 2 works in, over the wall time."
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
	((${#sections[@]})) || sections=(index search align call pipeline bam workflow)
	for s in "${sections[@]}"; do
		declare -F "section_$s" >/dev/null || die "unknown section '$s' (sections: index search align call pipeline bam workflow realcall artcall callscale heldout bigalign)"
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
