// The libraries a portal build must use, alone, on a built site: what no change to portal's own
// code can take away. `make bench` compiles this with the system's cc and pkg-config and prints
// its figures beside Hugo's cold time (bench/run.py, "floor").
//
//   floor markdown LIST     read each Markdown file and render it with cmark-gfm (portal's
//                           extensions and options), as the build's Markdown step does
//   floor parse LIST        read each built page and parse it with libxml2, as the build's
//                           read-back check does: with its XML parser when the page is
//                           well-formed XML, else with its HTML parser (portal's options)
//   floor html LIST         the same with the HTML parser only
//   floor write LIST DIR    make a folder per page under DIR and write the page's bytes there,
//                           as the build's output does (the pages of LIST, read first, untimed)
//
// Two threads (the bench machine's cores), each taking every second file. Both libraries get
// their cheapest memory, as in portal: a bump allocator per thread, rewound after each page
// instead of freeing node by node. The time printed is the wall time of the work alone.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <fcntl.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlmemory.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define THREADS 2

static char **paths;
static char **contents;
static size_t *sizes;
static int count;
static const char *mode;
static const char *output;

// libxml2's memory: a bump allocator per thread, rewound after each page (portal's ParseArena).
#define ARENA_SIZE (64 << 20)
static __thread char *arena;
static __thread size_t arena_used;

static void *arena_malloc(size_t size) {
    size_t rounded = (size + 15) & ~(size_t)15;
    if (arena == NULL || arena_used + rounded + 16 > ARENA_SIZE) return malloc(size);
    size_t *header = (size_t *)(arena + arena_used);
    *header = size;
    arena_used += rounded + 16;
    return header + 2;
}
static int in_arena(void *pointer) {
    return arena != NULL && (char *)pointer >= arena && (char *)pointer < arena + ARENA_SIZE;
}
static void arena_free(void *pointer) {
    if (pointer != NULL && !in_arena(pointer)) free(pointer);
}
static void *arena_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return arena_malloc(size);
    if (!in_arena(pointer)) return realloc(pointer, size);
    size_t old = ((size_t *)pointer)[-2];
    void *moved = arena_malloc(size);
    if (moved != NULL) memcpy(moved, pointer, old < size ? old : size);
    return moved;
}
static void *arena_calloc(size_t count, size_t size) {
    void *pointer = arena_malloc(count * size);
    if (pointer != NULL) memset(pointer, 0, count * size);
    return pointer;
}
static cmark_mem arena_memory = {arena_calloc, arena_realloc, arena_free};
static char *arena_strdup(const char *text) {
    size_t length = strlen(text) + 1;
    char *copy = arena_malloc(length);
    if (copy != NULL) memcpy(copy, text, length);
    return copy;
}

static char *read_file(const char *path, size_t *size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    struct stat info;
    if (fstat(fd, &info) != 0) {
        close(fd);
        return NULL;
    }
    char *bytes = malloc((size_t)info.st_size + 1);
    size_t done = 0;
    while (bytes != NULL && done < (size_t)info.st_size) {
        ssize_t got = read(fd, bytes + done, (size_t)info.st_size - done);
        if (got <= 0) break;
        done += (size_t)got;
    }
    close(fd);
    if (bytes != NULL) bytes[done] = 0;
    *size = done;
    return bytes;
}

static void render_markdown(const char *bytes, size_t size) {
    cmark_mem *memory = &arena_memory;
    arena_used = 0;
    static const char *extensions[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
    int options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES;
    cmark_parser *parser = cmark_parser_new_with_mem(options, memory);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        cmark_syntax_extension *extension = cmark_find_syntax_extension(extensions[i]);
        if (extension != NULL) cmark_parser_attach_syntax_extension(parser, extension);
    }
    cmark_parser_feed(parser, bytes, size);
    cmark_node *document = cmark_parser_finish(parser);
    char *html = cmark_render_html_with_mem(document, options, cmark_parser_get_syntax_extensions(parser), memory);
    (void)html;
    (void)document;
    arena_used = 0;  // the rewind takes the tree, the parser and the HTML
}

static void parse_html(const char *bytes, size_t size, int xml_first) {
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                  HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT;
    arena_used = 0;
    if (xml_first) {
        int xml_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
        if (xmlReadMemory(bytes, (int)size, NULL, "UTF-8", xml_options) != NULL) {
            arena_used = 0;
            return;
        }
        arena_used = 0;
    }
    htmlDocPtr document = htmlReadMemory(bytes, (int)size, NULL, "UTF-8", options);
    if (document == NULL) fprintf(stderr, "floor: libxml2 made no tree of a page\n");
    arena_used = 0;  // the rewind takes the whole tree, as in portal
}

static int write_page(int index) {
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/%d", output, index);
    if (mkdir(folder, 0755) != 0) return -1;
    char path[4200];
    snprintf(path, sizeof path, "%s/index.html", folder);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    ssize_t wrote = write(fd, contents[index], sizes[index]);
    close(fd);
    return wrote == (ssize_t)sizes[index] ? 0 : -1;
}

static void *work(void *argument) {
    long thread = (long)argument;
    if (strcmp(mode, "write") != 0) arena = malloc(ARENA_SIZE);
    for (int i = (int)thread; i < count; i += THREADS) {
        if (strcmp(mode, "write") == 0) {
            if (write_page(i) != 0) fprintf(stderr, "floor: cannot write page %d under %s\n", i, output);
            continue;
        }
        size_t size = 0;
        char *bytes = read_file(paths[i], &size);
        if (bytes == NULL) {
            fprintf(stderr, "floor: cannot read %s\n", paths[i]);
            continue;
        }
        if (strcmp(mode, "markdown") == 0) {
            render_markdown(bytes, size);
        } else {
            parse_html(bytes, size, strcmp(mode, "parse") == 0);
        }
        free(bytes);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3 || (strcmp(argv[1], "write") == 0 && argc < 4)) {
        fprintf(stderr, "usage: floor markdown|parse|html LIST | floor write LIST DIR\n");
        return 2;
    }
    mode = argv[1];
    output = argc > 3 ? argv[3] : "";
    FILE *list = fopen(argv[2], "r");
    if (list == NULL) {
        fprintf(stderr, "floor: cannot read the list %s\n", argv[2]);
        return 1;
    }
    int capacity = 1024;
    paths = malloc(sizeof *paths * (size_t)capacity);
    char line[4096];
    while (fgets(line, sizeof line, list) != NULL) {
        line[strcspn(line, "\n")] = 0;
        if (line[0] == 0) continue;
        if (count == capacity) {
            capacity *= 2;
            paths = realloc(paths, sizeof *paths * (size_t)capacity);
        }
        paths[count++] = strdup(line);
    }
    fclose(list);
    if (strcmp(mode, "write") == 0) {
        contents = malloc(sizeof *contents * (size_t)count);
        sizes = malloc(sizeof *sizes * (size_t)count);
        for (int i = 0; i < count; i++) contents[i] = read_file(paths[i], &sizes[i]);
    }
    cmark_gfm_core_extensions_ensure_registered();
    xmlMemSetup(arena_free, arena_malloc, arena_realloc, arena_strdup);
    xmlInitParser();

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_t threads[THREADS];
    for (long t = 0; t < THREADS; t++) pthread_create(&threads[t], NULL, work, (void *)t);
    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%s %d files %.3f s\n", mode, count, seconds);
    return 0;
}
