from cocreate.cli import main

# Guarded: the suggestions' worker process (spawned) imports this module again as
# `__mp_main__` with the server's own arguments, and must not start a second server.
if __name__ == "__main__":
    main()
