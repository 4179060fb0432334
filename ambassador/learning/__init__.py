"""The learner's flow: my training, reading a module, quiz tries, results and history."""
