"""The tiket API (DRF): reading views in `baca`, one POST view per lifecycle action in `aksi`."""
