"""Response-time metrics: the per-tiket summary kept current by every event (`lipat`), its independent
recomputation from the event log (`rujukan`), and the statistics the selectors share (`statistik`)."""
