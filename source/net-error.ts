// fetch reports every network failure as "fetch failed"; the reason is in `cause`, sometimes a level deeper.
const causes: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ETIMEDOUT: 'timed out',
	EPIPE: 'connection closed',
	UND_ERR_SOCKET: 'connection closed',
	UND_ERR_HEADERS_OVERFLOW: 'response headers too large',
	CERT_HAS_EXPIRED: 'TLS certificate expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
};

/** Why a request failed, in words: "connection refused", not "fetch failed". */
export const networkCause = (error: unknown): string => {
	let current: unknown = error;
	let message = error instanceof Error ? error.message : String(error);
	for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
		const {code} = current as NodeJS.ErrnoException;
		if (code !== undefined) {
			return causes[code] ?? code;
		}

		message = current.message;
		current = current.cause;
	}

	return message;
};
