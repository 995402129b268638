"""The test harness: offline environment, network guard, example runner."""
