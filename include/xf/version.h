#ifndef XF_VERSION_H
#define XF_VERSION_H
#define XF_VERSION "0.1.0"
#endif
