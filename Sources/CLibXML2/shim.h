// Debian builds libxml2 with ICU; its ICU headers clash with Foundation's copy on clean builds,
// so ICU support is switched off for the headers we import (we never use it).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/parser.h>

// The running library's version ("20914"): `xmlParserVersion` is a macro over a per-thread
// accessor in some releases and a plain variable in others; this reads it either way.
static inline const char *portal_xml_parser_version(void) { return xmlParserVersion; }
