"""One module per group of endpoints; api.app mounts their routers."""
