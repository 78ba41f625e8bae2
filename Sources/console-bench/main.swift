// console-bench: prints the speed and memory figures of ../shared issue "A million pins".
print("console-bench: no figures yet")
