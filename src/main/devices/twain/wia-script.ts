/**
 * The PowerShell program the kiosk runs for WIA 2.0 scanners on Windows, through the WIA Automation
 * Layer (COM `WIA.DeviceManager`, wiaaut.dll, present on Windows 10/11). It reads its request as JSON
 * from the environment variable KIOSK_WIA_REQUEST (never from the command line: no quoting, no
 * injection) and writes one JSON object per line on stdout:
 *   {"event":"device","id":…,"name":…,"flatbed":…,"feeder":…,"duplex":…,"resolutions":[…]}
 *   {"event":"page","path":…}           a PNG written to the request's folder
 *   {"event":"error","hresult":"0x80210003","message":…}
 *
 * WIA property ids (wiadef.h): 3086 WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES, 3088
 * WIA_DPS_DOCUMENT_HANDLING_SELECT (1 FEEDER, 2 FLATBED, 4 DUPLEX), 3096 WIA_DPS_PAGES, 6146
 * WIA_IPS_CUR_INTENT (1 colour, 2 greyscale), 6147/6148 WIA_IPS_XRES/YRES (dpi), 6149/6150
 * WIA_IPS_XPOS/YPOS and 6151/6152 WIA_IPS_XEXTENT/YEXTENT (pixels). PNG is format
 * {B96B3CAF-0728-11D3-9D7B-0000F81EF32E} (wiaFormatPNG). Device type 1 is a scanner.
 */
export const WIA_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$request = $env:KIOSK_WIA_REQUEST | ConvertFrom-Json
function Emit($object) { [Console]::Out.WriteLine(($object | ConvertTo-Json -Compress -Depth 4)) }
function Prop($props, $id) { foreach ($p in $props) { if ($p.PropertyID -eq $id) { return $p } }; return $null }
function SetProp($props, $id, $value) { $p = Prop $props $id; if ($p -ne $null) { $p.Value = $value } }
try {
  $manager = New-Object -ComObject WIA.DeviceManager
  if ($request.command -eq 'list') {
    foreach ($info in $manager.DeviceInfos) {
      if ($info.Type -ne 1) { continue }
      $device = $info.Connect()
      $handling = Prop $device.Properties 3086
      $caps = if ($handling -ne $null) { [int]$handling.Value } else { 2 }
      $res = Prop $device.Items.Item(1).Properties 6147
      $list = @()
      if ($res -ne $null -and $res.SubType -eq 2) { $list = @($res.SubTypeValues) }
      Emit @{ event = 'device'; id = $info.DeviceID; name = $info.Properties.Item('Name').Value;
        flatbed = (($caps -band 2) -ne 0); feeder = (($caps -band 1) -ne 0); duplex = (($caps -band 4) -ne 0);
        resolutions = $list }
    }
    exit 0
  }
  $info = $null
  foreach ($candidate in $manager.DeviceInfos) { if ($candidate.DeviceID -eq $request.id) { $info = $candidate } }
  if ($info -eq $null) { Emit @{ event = 'error'; hresult = '0x80210015'; message = 'device not found' }; exit 2 }
  $device = $info.Connect()
  SetProp $device.Properties 3088 $request.handling
  SetProp $device.Properties 3096 $request.pages
  $item = $device.Items.Item(1)
  SetProp $item.Properties 6146 $request.intent
  SetProp $item.Properties 6147 $request.dpi
  SetProp $item.Properties 6148 $request.dpi
  SetProp $item.Properties 6149 0
  SetProp $item.Properties 6150 0
  SetProp $item.Properties 6151 $request.widthPx
  SetProp $item.Properties 6152 $request.heightPx
  for ($page = 1; $page -le $request.pages; $page++) {
    $image = $item.Transfer('{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}')
    $path = Join-Path $request.folder ('page' + $page + '.png')
    $image.SaveFile($path)
    Emit @{ event = 'page'; path = $path }
  }
  exit 0
} catch {
  $code = '0x{0:X8}' -f ($_.Exception.HResult -band 0xFFFFFFFF)
  Emit @{ event = 'error'; hresult = $code; message = $_.Exception.Message }
  exit 1
}
`;
