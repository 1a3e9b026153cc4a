/* Hyphenation points from libhyphen's pattern dictionaries
 * (/usr/share/hyphen/hyph_LANG.dic, the hyphen-* packages). */
#ifndef DC_PDF_HYPHENATE_H
#define DC_PDF_HYPHENATE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct pdf_hyphenator;

/* The dictionary for LANG (a BCP 47 tag like en, en-GB, de-CH; NULL means
 * en): hyph_ll_CC.dic, else hyph_ll.dic, else any hyph_ll_*.dic.  NULL
 * when there is none (one warning says which package would give it; none
 * for Chinese, Japanese and Korean, which are not hyphenated) or memory
 * ran out; text is then set without hyphenation. */
struct pdf_hyphenator *pdf_hyphenator_open(const char *lang,
					   struct dc_diag *diag);
void pdf_hyphenator_close(struct pdf_hyphenator *h);

/* Words longer than this are not hyphenated (a long "word" is most likely
 * not a word at all). */
enum { PDF_HYPHEN_MAX_WORD = 64 };

/* May WORD (LEN bytes) be hyphenated at all?  Only words of five to
 * PDF_HYPHEN_MAX_WORD lowercase ASCII letters are: nothing with a
 * capital, a digit or other signs. */
bool pdf_hyphen_candidate(const char *word, size_t len);

/* Mark in BREAKS[0..LEN) the bytes of WORD (LEN bytes of UTF-8) after
 * which it may be hyphenated, if it is a candidate.  False when nothing
 * is marked. */
bool pdf_hyphenate(struct pdf_hyphenator *h, const char *word, size_t len,
		   bool *breaks);

#endif
