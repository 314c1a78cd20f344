; Included by electron-builder's NSIS script (electron-builder.ts, nsis.include).
; The installer runs elevated, per machine (Program Files).
;
; customInstall:
;  1. Start at logon, in kiosk mode, for every user of the machine: a value under
;     HKLM\Software\Microsoft\Windows\CurrentVersion\Run (64-bit view) that starts the kiosk
;     with --kiosk-mode (src/main/hardening/launch-options.ts).
;  2. The machine-wide configuration folder %ProgramData%\BranchKycKiosk (machineConfigDir in
;     src/main/config/kiosk-config.ts), writable by Administrators and SYSTEM only. ProgramData's
;     own ACL lets every user create files in a new folder: a standard user could otherwise drop a
;     kiosk.config.json the kiosk would trust.
; customUnInstall removes the Run value and keeps the configuration folder (it belongs to IT).

!macro customInstall
  SetRegView 64
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "BranchKycKiosk" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --kiosk-mode'
  SetRegView lastused
  Push $0
  ReadEnvStr $0 ProgramData
  CreateDirectory "$0\BranchKycKiosk"
  ; S-1-5-32-544 Administrators, S-1-5-18 SYSTEM: full control; S-1-5-32-545 Users: read.
  nsExec::ExecToLog 'icacls "$0\BranchKycKiosk" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
  Pop $0 ; icacls' exit code (logged above)
  Pop $0 ; the caller's $0
!macroend

!macro customUnInstall
  SetRegView 64
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "BranchKycKiosk"
  SetRegView lastused
!macroend
