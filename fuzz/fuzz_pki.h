/* fuzz_pki.h - the fixed test PKI of the harnesses (fuzz_pki.c, from gen-pki.sh). */
#ifndef FUZZ_PKI_H
#define FUZZ_PKI_H

#define FUZZ_PKI(x) extern const unsigned char fuzz_pki_##x[]; extern const unsigned fuzz_pki_##x##_len
FUZZ_PKI(ca);
FUZZ_PKI(se_cert);
FUZZ_PKI(se_key);
FUZZ_PKI(server_cert);
FUZZ_PKI(server_key);
#undef FUZZ_PKI

#endif
