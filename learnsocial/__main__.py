from learnsocial.cli import run

run()
