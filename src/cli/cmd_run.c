/* xformer run: the main job on the built-in defaults (`make run`). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int xf_cmd_run(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: xformer run\n\nThe main job on the built-in defaults: every technology file "
               "with the derived\nper-action costs of its component model.\n");
        return XF_EXIT_OK;
    }
    if (argc > 1)
        return xf_cli_usage_error("run", "unexpected argument '%s'", argv[1]);
    char buf[1024];
    return xf_cli_techlib_list(xf_cli_techlib_dir(NULL, buf, sizeof buf), 1);
}
