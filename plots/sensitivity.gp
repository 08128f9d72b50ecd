# One swept key against a metric: one line per combination of what else differs between
# the selected runs. Data: one block per line (a title line, then x y sorted by x).
set xlabel @XLABEL@
set ylabel @YLABEL@
@LOGX@
@LOGY@
@XTICS@
set format y '%g'
plot for [i=0:@NBLOCKS@-1] datafile index i using 1:2 with linespoints title columnheader(1)
