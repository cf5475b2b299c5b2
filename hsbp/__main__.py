from hsbp.cli import main

raise SystemExit(main())
