/* se_test_conn.c - stack selection for se-test-server. */
#include <string.h>

#include "se_test_conn.h"

extern const se_conn_ops se_conn_openssl;
#ifdef SE_TEST_WITH_GNUTLS
extern const se_conn_ops se_conn_gnutls;
#endif

/* see se_test_conn.h */
const se_conn_ops *
se_conn_stack(const char *name)
{
	if (strcmp(name, "openssl") == 0) {
		return &se_conn_openssl;
	}
#ifdef SE_TEST_WITH_GNUTLS
	if (strcmp(name, "gnutls") == 0) {
		return &se_conn_gnutls;
	}
#endif
	return NULL;
}
