# Speed-up over a baseline against sequence length: one line per design, log-log axes.
# Data: a header (seq, then one column per design) and one row per sequence length.
set xlabel @XLABEL@
set ylabel @YLABEL@
set logscale x 2
set logscale y 10
set format x '%g'
set format y '%g'
plot for [c=2:@NCOL@] datafile using 1:c with linespoints title columnheader(c)
