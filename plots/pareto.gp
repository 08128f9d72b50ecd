# The Pareto front of an optimize study: energy against latency, each point coloured by its
# area (the front's third axis), one point shape per workload group, the best point of each
# group ringed in black.
# Data: one block per group (a title line, then latency energy area); the last block holds
# the best points.
set xlabel @XLABEL@
set ylabel @YLABEL@
@LOGX@
@LOGY@
set cblabel 'Area (mm²)'
# blue to vermillion through grey: no pale colour on white
set palette defined (0 '#0072B2', 0.5 '#777777', 1 '#D55E00')
set format x '%g'
set format y '%g'
set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05
nb = @NBLOCKS@
plot for [i=0:nb-2] datafile index i using 1:2:3 with points pt (7+2*i) ps 1.6 lc palette title columnheader(1), \
     datafile index (nb-1) using 1:2 with points pt 6 ps 4.5 lw 3 lc rgb '#000000' title columnheader(1)
