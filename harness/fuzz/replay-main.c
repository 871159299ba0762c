/* SPDX-License-Identifier: MIT */
/*
 * fuzz-ks without libFuzzer, for the regression suite: replays every input
 * in the directories given (harness/fuzz/regress/ks: what each finding of
 * scripts/fuzz ks left, named after it) through LLVMFuzzerTestOneInput, one
 * TAP line each. An input that trips an oracle again aborts the run (fuzz-ks
 * says why); gcc's UBSan stops it at undefined behaviour in the drivers.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

static int replay_by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_file(const char *path, unsigned n)
{
    FILE *f = fopen(path, "rb");
    static uint8_t data[1 << 20];
    size_t size;

    if (f == NULL) {
        perror(path);
        exit(1);
    }
    size = fread(data, 1, sizeof(data), f);
    fclose(f);
    LLVMFuzzerTestOneInput(data, size);
    printf("ok %u - %s\n", n, strrchr(path, '/') + 1);
}

int main(int argc, char **argv)
{
    char *names[256];
    char path[4096];
    unsigned count = 0;
    struct dirent *e;
    DIR *dir;

    if (argc != 2 || (dir = opendir(argv[1])) == NULL) {
        fprintf(stderr, "usage: fuzz-ks-replay DIR (a directory of inputs)\n");
        return 2;
    }
    while ((e = readdir(dir)) != NULL && count < 256) {
        if (e->d_name[0] != '.') {
            names[count++] = strdup(e->d_name);
        }
    }
    closedir(dir);
    qsort(names, count, sizeof(names[0]), replay_by_name);
    printf("1..%u\n", count);
    for (unsigned i = 0; i < count; i++) {
        snprintf(path, sizeof(path), "%s/%s", argv[1], names[i]);
        replay_file(path, i + 1);
        free(names[i]);
    }
    return 0;
}
