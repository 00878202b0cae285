"""PSA tickets: clients for ConnectWise PSA, Autotask and HaloPSA, and the plan of ticket changes."""
