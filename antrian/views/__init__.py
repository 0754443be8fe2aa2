"""Staff pages: petugas (the officer's workspace: queue, ticket, my work) and dasbor (live counters)."""
