/* The command registry: every xformer command's spec (cli.h), in `xformer --help` order. main.c
 * dispatches through it and docs.c writes the man pages and completions from it. */
#include "cli.h"

#include <string.h>

const xf_cli_spec *const xf_cli_commands[] = {
    &xf_spec_run,         &xf_spec_techlib,  &xf_spec_eval,     &xf_spec_compare,
    &xf_spec_validate,    &xf_spec_archs,    &xf_spec_sweep,    &xf_spec_uncertainty,
    &xf_spec_sensitivity, &xf_spec_optimize, &xf_spec_table,    &xf_spec_runs,
    &xf_spec_db,          &xf_spec_plot,     &xf_spec_workload, &xf_spec_models,
};

const int xf_cli_command_count = (int)(sizeof xf_cli_commands / sizeof xf_cli_commands[0]);

const xf_cli_spec *xf_cli_find(const char *name)
{
    for (int i = 0; i < xf_cli_command_count; i++)
        if (strcmp(name, xf_cli_commands[i]->name) == 0)
            return xf_cli_commands[i];
    return NULL;
}
