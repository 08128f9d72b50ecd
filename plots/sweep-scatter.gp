# Two columns of a sweep against each other, one colour per architecture, with one Pareto front
# per workload group (points that no other point of the same model, seq, phase and batch beats
# in both) drawn over them.
# Data: blocks 0 .. @NFRONT@-1 are the fronts (a title line naming the group, then x y, in
# order of x); then one block per architecture (a title line, then x y).
set xlabel @XLABEL@
set ylabel @YLABEL@
@LOGX@
@LOGY@
nfront = @NFRONT@
set format x '%g'
set format y '%g'
set key maxcols 3
plot for [i=nfront:@NBLOCKS@-1] datafile index i using 1:2 with points ps 0.9 title columnheader(1), \
     for [i=0:nfront-1] datafile index i using 1:2 with linespoints lc rgb '#000000' lw 2.5 dashtype i+1 pointtype 6+2*i ps 1.8 title columnheader(1)
