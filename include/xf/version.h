/* xf/version.h - the tool's version and the version of its results.
 *
 * XF_RESULTS_VERSION is part of every run's identity (README "Results database"): any commit
 * that changes a number the model produces for the same configuration raises it by one and
 * adds a line to README's "Result changes", so that a database never mixes the results of two
 * models under one identity. */
#ifndef XF_VERSION_H
#define XF_VERSION_H
#define XF_VERSION "0.1.0"
#define XF_RESULTS_VERSION 1
#endif
