/* charset.h - which legacy encoding a text that is not UTF-8 is in.
 *
 * CRM and Excel exports are UTF-8, or in the encoding of the Windows that
 * saved them: GBK (GB18030) on the mainland, Big5 in Taiwan and Hong Kong,
 * Windows-1252 in Europe. uchardet (libuchardet, Mozilla's detector: byte
 * statistics of each encoding) tells them apart; it is opened with dlopen
 * at the first text that needs it, so a run that imports no such file does
 * not map it (nor the C++ library it needs). */
#ifndef DC_CHARSET_H
#define DC_CHARSET_H

#include <stddef.h>

/* uchardet's name for the encoding of text[0..len) ("BIG5", "GB18030",
 * "WINDOWS-1252"...), an iconv name, into out[size]; "" when it cannot
 * tell or libuchardet cannot be loaded (never fails otherwise). Returns
 * out. */
char *dc_charset_guess(const char *text, size_t len, char *out, size_t size);

#endif
