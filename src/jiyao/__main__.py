from jiyao.cli import main

main()
