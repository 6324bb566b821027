// gongzhi: the little scripting pages need, no libraries. Pages work without it.
(function () {
  'use strict';
  // "Use my location" on the request form: fills the WGS84 latitude and longitude the browser reports.
  var locate = document.getElementById('locate');
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById('lat').value = pos.coords.latitude.toFixed(6);
        document.getElementById('lon').value = pos.coords.longitude.toFixed(6);
      });
    });
  }
})();
