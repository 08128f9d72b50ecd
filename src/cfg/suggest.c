/* "Did you mean": edit distance and the closest candidate, for unknown keys, values, names
 * and options throughout xformer. Why apart: used well beyond configurations. Invariants:
 * xf_edit_distance is exact for words up to 127 characters (longer: the longer length);
 * xf_suggest offers a candidate only within 2 edits (words under 6 characters) or len/3 + 1,
 * a prefix of a longer candidate counting as 1 edit; on a tie the first candidate wins. */
#include "xf/cfg.h"

#include <string.h>

int xf_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 127 || lb > 127)
        return (int)(la > lb ? la : lb);
    int row[128];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = (a[i - 1] == b[j - 1]) ? 0 : 1;
            int best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *xf_suggest(const char *word, const char *const *cand, int n)
{
    const char *best = NULL;
    int best_d = 1 << 20;
    size_t lw = strlen(word);
    int limit = lw < 6 ? 2 : (int)(lw / 3) + 1;
    for (int i = 0; i < n; i++) {
        if (!cand[i])
            continue;
        int d = xf_edit_distance(word, cand[i]);
        /* "read_energy" for "read_energy_pJ", "bert" for "bert-base": prefix matches count. */
        size_t lc = strlen(cand[i]);
        if (lw >= 3 && lc > lw && strncmp(cand[i], word, lw) == 0 && d > 1)
            d = 1;
        if (d < best_d) {
            best_d = d;
            best = cand[i];
        }
    }
    return best_d <= limit ? best : NULL;
}
