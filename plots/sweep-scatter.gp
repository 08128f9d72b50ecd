# Two columns of a sweep against each other, one colour per architecture, with the Pareto
# front (points that no other point beats in both) drawn over them.
# Data: block 0 is the front; then one block per architecture (a title line, then x y).
set xlabel @XLABEL@
set ylabel @YLABEL@
@LOGX@
@LOGY@
set key top left
plot for [i=1:@NBLOCKS@-1] datafile index i using 1:2 with points ps 0.9 title columnheader(1), \
     datafile index 0 using 1:2 with linespoints lc rgb '#000000' lw 2.5 pt 6 ps 1.8 title 'Pareto front'
