from ach.cli import main

raise SystemExit(main())
