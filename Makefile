# The two commands of the README, plus the size figure.
.PHONY: run test size
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
size:
	bash scripts/size.sh
