# The two commands of the README, plus the size figure.
.PHONY: run test contract size bench-server bench-upload bench-typing bench-load
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
contract:
	bash scripts/contract.sh
size:
	bash scripts/size.sh
bench-server:
	bash scripts/bench-server.sh
bench-upload:
	bash scripts/bench-upload.sh
bench-typing:
	bash scripts/bench-typing.sh
bench-load:
	bash scripts/bench-load.sh
