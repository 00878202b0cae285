"""The MSP portal (`auditor serve`): a web application and JSON API over the run store."""
