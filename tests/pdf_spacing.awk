# Spacing of justified text, from `mutool draw -F stext` output: prints
# the median and 95th percentile of the lines' mean word gaps and the
# share of non-final lines of paragraphs that end flush with the right
# margin, and fails (exit 1) when the 95th percentile is more
# than 1.6 times the median or fewer than 95% of those lines are flush.
function end_line() {
	if (nchars == 0)
		return
	gaps = 0; sum = 0; prev_end = -1; in_space = 0
	for (i = 1; i <= nchars; i++) {
		if (cs[i] == " ") { in_space = 1; continue }
		if (in_space && prev_end >= 0) { sum += xs[i] - prev_end; gaps++ }
		in_space = 0
		prev_end = ends[i]
	}
	if (gaps > 0)
		mean[++nmeans] = sum / gaps
	line_right[++nlines] = line_x1
	line_block[nlines] = block
	line_y[nlines] = line_top
	line_h[nlines] = line_height
	if (line_x1 > margin)
		margin = line_x1
	nchars = 0
}
/<block / { block++ }
/<line / {
	end_line()
	split($0, a, "\""); split(a[2], bb, " "); line_x1 = bb[3] + 0
	line_top = bb[2] + 0; line_height = bb[4] - bb[2]
}
/<char / {
	match($0, /quad="[^"]*"/); split(substr($0, RSTART + 6, RLENGTH - 7), q, " ")
	match($0, / x="[^"]*"/); x = substr($0, RSTART + 4, RLENGTH - 5) + 0
	match($0, / c="[^"]*"/); c = substr($0, RSTART + 4, RLENGTH - 5)
	nchars++; xs[nchars] = x; ends[nchars] = q[3] + 0; cs[nchars] = c
}
# Shell sort of A[1..N] in place (POSIX awk has no asort).
function sort(A, N,    gap, i, j, t) {
	for (gap = int(N / 2); gap > 0; gap = int(gap / 2))
		for (i = gap + 1; i <= N; i++) {
			t = A[i]
			for (j = i; j > gap && A[j - gap] > t; j -= gap)
				A[j] = A[j - gap]
			A[j] = t
		}
}
END {
	end_line()
	n = nmeans
	for (i = 1; i <= n; i++)
		sorted[i] = mean[i]
	sort(sorted, n)
	if (n == 0) { print "no lines"; exit 1 }
	median = sorted[int((n + 1) / 2)]
	p95 = sorted[int(n * 0.95 + 0.5)]
	flush = 0; nonfinal = 0
	for (i = 1; i < nlines; i++) {
		# A paragraph ends where the next line is farther than the
		# leading (paragraphs are spaced) or in another block.
		if (line_block[i] != line_block[i + 1] ||
		    line_y[i + 1] - line_y[i] > 1.45 * line_h[i])
			continue
		nonfinal++
		if (line_right[i] >= margin - 1)
			flush++
	}
	share = nonfinal ? flush / nonfinal : 1
	printf "lines %d, word gap median %.2f pt, 95th percentile %.2f pt (%.2f times), flush %.1f%% of %d non-final lines\n",
	       n, median, p95, p95 / median, 100 * share, nonfinal
	exit !(p95 <= 1.6 * median && share >= 0.95)
}
